package io.nanogrid.app.main;

import io.nanogrid.engine.bench.Latencies;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.Stages;
import io.nanogrid.engine.task.Progress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measures each expert's median latency with the grid's own sessions, on requests shaped like its input. */
final class LatencyProbe {
    private static final int RUNS = 300;

    private LatencyProbe() {
    }

    static Map<String, Double> measure(Grid grid, Progress progress) {
        Stages stages = grid.stages();
        Map<String, Double> out = new LinkedHashMap<>();
        List<Request> requests = SampleRequests.make(stages.entryInput(), stages.entryModel().signature(), 32, 7);
        Map<String, Model> models = stages.models();
        int done = 0;
        for (String id : models.keySet()) {
            progress.checkCancelled();
            if (id.equals("router") || !stages.expertUsable(id)) {
                continue;
            }
            Latencies lat = new Latencies(RUNS);
            for (int i = 0; i < RUNS + 50; i++) {
                Map<String, Value> in = stages.featurizeExpert(id, requests.get(i % requests.size()));
                long t0 = System.nanoTime();
                stages.runExpert(id, in);
                if (i >= 50) {
                    lat.add(System.nanoTime() - t0);
                }
            }
            out.put(id, Math.round(lat.percentileMicros(0.5) * 10) / 10.0);
            progress.update(++done, models.size(), "measured " + id);
        }
        return out;
    }
}
