package io.nanogrid.engine.quant;

import io.nanogrid.engine.bench.Latencies;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.runtime.Grid;
import java.util.List;

/** Median latency of requests through a grid (or a one-model grid), on the calling thread. */
final class Latency {
    private Latency() {
    }

    static double p50Micros(Grid grid, List<Request> requests, int warmup, int count) {
        if (requests.isEmpty()) {
            return Double.NaN;
        }
        for (int i = 0; i < warmup; i++) {
            grid.route(requests.get(i % requests.size()));
        }
        Latencies l = new Latencies(count);
        for (int i = 0; i < count; i++) {
            Request r = requests.get(i % requests.size());
            long t0 = System.nanoTime();
            grid.route(r);
            l.add(System.nanoTime() - t0);
        }
        return l.summary().p50();
    }
}
