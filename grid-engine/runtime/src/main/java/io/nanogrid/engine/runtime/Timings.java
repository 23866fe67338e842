package io.nanogrid.engine.runtime;

/**
 * Where a request's time went, in microseconds.
 *
 * @param featurize turning the request into model inputs (router and expert adapters)
 * @param router    running and decoding the router model
 * @param expert    running and decoding the expert model(s)
 * @param total     the whole request, end to end
 */
public record Timings(double featurize, double router, double expert, double total) {
    static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
