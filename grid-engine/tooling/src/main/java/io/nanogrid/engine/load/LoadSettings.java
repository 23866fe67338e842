package io.nanogrid.engine.load;

import io.nanogrid.files.BadInputException;

/**
 * How hard a {@link LoadGenerator} pushes.
 *
 * @param rate        requests per second across all threads; 0 sends as fast as the threads can
 * @param concurrency threads sending requests, each waiting for its answer before the next
 */
public record LoadSettings(double rate, int concurrency) {
    /** More threads than this only queue up on a small machine's cores. */
    public static final int MAX_CONCURRENCY = 64;

    public LoadSettings {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new BadInputException("rate must be 0 (as fast as possible) or more requests/s, got " + rate);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new BadInputException("concurrency must be 1 to " + MAX_CONCURRENCY + " threads, got " + concurrency);
        }
    }
}
