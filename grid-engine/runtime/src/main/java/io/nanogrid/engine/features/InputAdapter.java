package io.nanogrid.engine.features;

import io.nanogrid.engine.model.Value;
import java.util.Map;

/** An input adapter bound to one model: turns a request into that model's inputs. Thread-safe. */
public interface InputAdapter {
    /** @throws BadRequestException when the request is of the wrong kind or does not fit */
    Map<String, Value> apply(Request request);
}
