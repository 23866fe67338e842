package io.nanogrid.engine.features;

import io.nanogrid.engine.model.Value;
import java.util.List;
import java.util.Map;

/**
 * An input adapter bound to one model: turns a request into that model's inputs. Thread-safe. A
 * stream adapter (audio) turns one request into several steps, one model run each, state carried
 * from step to step by the runtime.
 */
public interface InputAdapter extends AutoCloseable {
    /** @throws BadRequestException when the request is of the wrong kind or does not fit */
    Map<String, Value> apply(Request request);

    /** The model's inputs for each step of a request: one, or one per frame of a recording. */
    default List<Map<String, Value>> steps(Request request) {
        return List.of(apply(request));
    }

    /** Seconds between the starts of two steps (0 when a request is one step). */
    default double stepSeconds() {
        return 0;
    }

    /** Releases what the adapter holds (a tokenizer's native memory); nothing by default. */
    @Override
    default void close() {
    }
}
