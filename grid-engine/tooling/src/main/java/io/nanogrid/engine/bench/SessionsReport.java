package io.nanogrid.engine.bench;

/**
 * What loading many copies of one model costs (`nanogrid bench MODEL --sessions N`).
 *
 * @param model             the model file
 * @param sessions          copies loaded (each run once)
 * @param rssBeforeBytes    resident memory with one copy loaded and run
 * @param rssAfterBytes     resident memory with all copies loaded
 * @param rssPerSessionBytes the difference divided by the number of extra copies
 * @param threadsBefore     OS threads with one copy loaded
 * @param threadsAfter      OS threads with all copies loaded
 * @param loadMillisMean    mean time to load one copy
 */
public record SessionsReport(String model, int sessions, long rssBeforeBytes, long rssAfterBytes,
        long rssPerSessionBytes, long threadsBefore, long threadsAfter, double loadMillisMean) {
}
