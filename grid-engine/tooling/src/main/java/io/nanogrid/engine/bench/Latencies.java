package io.nanogrid.engine.bench;

import java.util.Arrays;

/** Percentiles of recorded latencies (nearest-rank), reported in microseconds. */
public final class Latencies {
    private long[] nanos;
    private int n;

    public Latencies(int capacity) {
        nanos = new long[Math.max(16, capacity)];
    }

    public void add(long ns) {
        if (n == nanos.length) {
            nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = ns;
    }

    public void addAll(Latencies other) {
        for (int i = 0; i < other.n; i++) {
            add(other.nanos[i]);
        }
    }

    public int count() {
        return n;
    }

    /** @param q in [0, 1] */
    public double percentileMicros(double q) {
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1000.0;
    }

    public Summary summary() {
        return new Summary(round(percentileMicros(0.5)), round(percentileMicros(0.9)), round(percentileMicros(0.99)),
                round(percentileMicros(1.0)));
    }

    static double round(double micros) {
        return Math.round(micros * 10) / 10.0;
    }

    /** Latency percentiles in microseconds. */
    public record Summary(double p50, double p90, double p99, double max) {
    }
}
