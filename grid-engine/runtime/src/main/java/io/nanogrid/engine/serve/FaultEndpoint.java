package io.nanogrid.engine.serve;

import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.runtime.ExpertStatus;
import io.nanogrid.engine.runtime.Fault;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * PUT /v1/faults/{id}: injects a fault into one expert of the grid served (as the workbench's monitor
 * does), or clears it, so that a fault drill runs against a served grid; authorized as updates are. The
 * grid's time limits, breakers and failover act on it as on a real failure.
 */
final class FaultEndpoint {
    static final String PREFIX = "/v1/faults/";

    private final LiveGrid live;
    private final UpdateAuth auth;
    private final PrintWriter log;

    FaultEndpoint(LiveGrid live, UpdateAuth auth, PrintWriter log) {
        this.live = live;
        this.auth = auth;
        this.log = log;
    }

    void handle(Call call, String id) throws IOException {
        if (!auth.admit(call)) {
            return;
        }
        String contentType = ContentTypes.jsonProblem(call);
        if (contentType != null) {
            call.error(415, contentType);
            return;
        }
        Fault fault;
        try {
            fault = FaultRequests.parse(Bodies.text(call, 4096, "the fault"));
        } catch (Bodies.TooLargeException e) {
            call.error(413, e.getMessage());
            return;
        } catch (BadInputException e) {
            call.error(400, e.getMessage());
            return;
        }
        try (LiveGrid.Lease lease = live.acquire()) {
            Generation g = lease.generation();
            if (g.grid().spec().experts().stream().map(ExpertSpec::id).noneMatch(id::equals)) {
                call.error(404, "no expert '" + id + "' in grid '" + g.grid().spec().name() + "'; expected one of "
                        + g.grid().spec().experts().stream().map(ExpertSpec::id).toList());
                return;
            }
            g.grid().injectFault(id, fault);
            ExpertStatus s = g.status().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
            log.println("nanogrid: fault on expert '" + id + "' of generation " + g.number() + ": " + fault.describe());
            log.flush();
            call.json(200, Json.report().toJson(new FaultState(g.number(), id, fault.describe(), s.state(), s.calls(),
                    s.failures(), s.refused(), s.lastError())));
        }
    }
}
