package io.nanogrid.engine.load;

import io.nanogrid.engine.runtime.ErrorCode;
import java.util.Map;

/**
 * What a load run looked like at one moment: rolling-window figures (latency percentiles, rates)
 * and running totals.
 *
 * @param seconds           time since the metrics started
 * @param windowSeconds     how much time the rolling window covers (shorter at the start)
 * @param routes            whole-request latency by the route that answered (an expert id, "fallback"
 *                          when the grid answered "not sure", "none" when no route was reached)
 * @param experts           the expert stage's own latency (its run, an injected delay included) by expert
 * @param throughput        requests answered per second over the window
 * @param degradedPerSecond requests answered with an error or by failover, per second over the window
 * @param totals            counts since the start
 * @param rssBytes          process resident memory (-1 where unknown)
 * @param heapUsedBytes     Java heap in use
 * @param stages            the latency of a grid's stages that are not one expert's, by stage: "encoder" (the
 *                          shared encoder's run, tokenizing included) when the grid has one; empty otherwise
 */
public record LoadSample(double seconds, double windowSeconds, Map<String, Percentiles> routes,
        Map<String, Percentiles> experts, double throughput, double degradedPerSecond, Totals totals, long rssBytes,
        long heapUsedBytes, Map<String, Percentiles> stages) {
    /** The stage of a grid's shared encoder in {@link #stages}. */
    public static final String ENCODER = "encoder";

    public LoadSample {
        stages = stages != null ? stages : Map.of();
    }

    public LoadSample(double seconds, double windowSeconds, Map<String, Percentiles> routes,
            Map<String, Percentiles> experts, double throughput, double degradedPerSecond, Totals totals,
            long rssBytes, long heapUsedBytes) {
        this(seconds, windowSeconds, routes, experts, throughput, degradedPerSecond, totals, rssBytes, heapUsedBytes,
                Map.of());
    }

    /** Latency percentiles over the window, in milliseconds; NaN when count is 0. */
    public record Percentiles(long count, double p50, double p95, double p99) {
    }

    /**
     * Counts since the start.
     *
     * @param requests  answered requests
     * @param errors    requests whose answer carries an error (a failover's too)
     * @param degraded  requests not answered normally: an error, or a failover to the fallback expert
     * @param fallbacks answered "not sure" or by the fallback because the router's confidence was low
     * @param failovers answered by the fallback expert after their own expert failed
     * @param byCode    errors by kind (circuit_open: refused by an open circuit breaker)
     */
    public record Totals(long requests, long errors, long degraded, long fallbacks, long failovers,
            Map<ErrorCode, Long> byCode) {
        public long count(ErrorCode code) {
            return byCode.getOrDefault(code, 0L);
        }
    }
}
