package io.nanogrid.engine.runtime;

/**
 * Where a request's time went, in microseconds.
 *
 * @param featurize turning the request into model inputs (router and expert adapters)
 * @param router    running and decoding the router model
 * @param expert    running and decoding the expert model(s)
 * @param total     the whole request, end to end
 * @param encoder   running the grid's shared encoder (tokenizing included); 0 without one
 */
public record Timings(double featurize, double router, double expert, double total, double encoder) {
    public Timings(double featurize, double router, double expert, double total) {
        this(featurize, router, expert, total, 0);
    }

    static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
