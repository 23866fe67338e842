package io.nanogrid.engine.serve;

import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.ResponseJson;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * POST /v1/route. The I/O thread reads (bounded) and parses the body, then hands the request to a
 * bounded pool of workers: when its queue is full the answer is 429 at once (backpressure), and a
 * request not answered within the timeout is answered 504 by the timer (the worker's late answer is
 * dropped; the grid's own per-expert time limits stop a slow model).
 */
final class RouteEndpoint {
    private final LiveGrid live;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final ServeSettings settings;
    private final ServeMetrics metrics;
    private final BooleanSupplier draining;
    private final PrintWriter log;
    // Not the pool's active count: a worker answers inside its task, so an answered request would still
    // count as active until the pool marks the worker idle, and a client reading the metrics right after
    // its answer would find it in flight.
    private final AtomicInteger inFlight = new AtomicInteger();

    RouteEndpoint(LiveGrid live, ThreadPoolExecutor workers, ScheduledExecutorService timer, ServeSettings settings,
            ServeMetrics metrics, BooleanSupplier draining, PrintWriter log) {
        this.live = live;
        this.workers = workers;
        this.timer = timer;
        this.settings = settings;
        this.metrics = metrics;
        this.draining = draining;
        this.log = log;
    }

    void handle(Call call) throws IOException {
        if (draining.getAsBoolean()) {
            refuse(call, 503, "the server is shutting down", Map.of());
            return;
        }
        String contentType = ContentTypes.jsonProblem(call);
        if (contentType != null) {
            refuse(call, 415, contentType, Map.of());
            return;
        }
        RouteRequests.Parsed request;
        try {
            request = RouteRequests.parseWithSession(Bodies.text(call, settings.maxRequestBytes(), "the request"));
        } catch (Bodies.TooLargeException e) {
            refuse(call, 413, e.getMessage(), Map.of());
            return;
        } catch (BadInputException e) {
            refuse(call, 400, e.getMessage(), Map.of());
            return;
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> refuse(call, 504, "no answer within "
                + settings.timeoutMillis() + " ms", Map.of()), settings.timeoutMillis(), TimeUnit.MILLISECONDS);
        try {
            workers.execute(() -> route(call, request, timeout));
        } catch (RejectedExecutionException e) {
            timeout.cancel(false);
            refuse(call, workers.isShutdown() ? 503 : 429, workers.isShutdown() ? "the server is shutting down"
                    : "busy: " + settings.queue() + " requests are waiting; retry later", Map.of("Retry-After", "1"));
        }
    }

    /** Requests being routed by a worker now. */
    int inFlight() {
        return inFlight.get();
    }

    private void route(Call call, RouteRequests.Parsed request, ScheduledFuture<?> timeout) {
        if (call.answered()) {
            return; // timed out while it waited
        }
        GridResponse r;
        try {
            r = routeCounted(request);
        } catch (RuntimeException e) {
            timeout.cancel(false);
            log.println("nanogrid: internal error while routing: " + e);
            log.flush();
            refuse(call, 500, "internal error: " + e.getMessage(), Map.of());
            return;
        }
        timeout.cancel(false);
        int code = RouteStatus.of(r);
        call.json(code, ResponseJson.of(r), () -> metrics.route(r.route(), code,
                System.nanoTime() - call.arrivedNanos()));
    }

    /** Routes one request, counted in flight while the grid works on it (not while its answer is written). */
    private GridResponse routeCounted(RouteRequests.Parsed request) {
        inFlight.incrementAndGet();
        try (LiveGrid.Lease lease = live.acquire()) {
            return lease.generation().grid().route(request.request(), request.session());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void refuse(Call call, int code, String message, Map<String, String> headers) {
        call.error(code, message, headers, () -> metrics.route(null, code, System.nanoTime() - call.arrivedNanos()));
    }
}
