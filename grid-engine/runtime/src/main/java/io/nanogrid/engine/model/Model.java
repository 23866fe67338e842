package io.nanogrid.engine.model;

import java.util.Map;

/**
 * A loaded model, ready to run. Thread-safe: many threads may call {@link #run} at once. Closing it
 * while a run is in progress is the caller's bug; grids guard against it with leases.
 */
public interface Model extends AutoCloseable {
    /** Where the model came from (a path or a display name); used in messages. */
    String source();

    ModelSignature signature();

    /**
     * Runs the model. Inputs are checked against the signature first (names, element types, ranks,
     * fixed dimensions) and refused with a {@link ModelInputException} that says what was expected.
     *
     * @param timeoutMillis 0 for no limit; otherwise the run is terminated after that long and a
     *                      {@link ModelTimeoutException} is thrown
     * @return every output, by name, in declaration order
     */
    Map<String, Value> run(Map<String, Value> inputs, long timeoutMillis);

    default Map<String, Value> run(Map<String, Value> inputs) {
        return run(inputs, 0);
    }

    @Override
    void close();
}
