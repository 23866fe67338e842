package io.nanogrid.engine.bench;

import java.util.Map;

/**
 * What `nanogrid bench` reports. Latencies in microseconds.
 *
 * @param target        the model or grid file
 * @param requests      timed requests (after warm-up)
 * @param concurrency   threads sending requests
 * @param requestSource where the requests came from
 * @param latency       p50, p90, p99 and max of whole requests
 * @param throughput    requests per second over the timed run
 * @param rssBytes      process resident memory after the run
 * @param heapUsedBytes Java heap in use after the run
 * @param errors        requests answered with an error
 * @param overheadRatio for a grid: its p50 over the sum of its stages' own p50s, measured in the
 *                      same run on one thread (null for a single model)
 * @param stagesP50     those stages' p50s: featurize, router, expert
 * @param ortThreads    ONNX Runtime's global intra-op threads
 */
public record BenchReport(String target, int requests, int concurrency, String requestSource,
        Latencies.Summary latency, double throughput, long rssBytes, long heapUsedBytes, long errors,
        Double overheadRatio, Map<String, Double> stagesP50, int ortThreads) {
}
