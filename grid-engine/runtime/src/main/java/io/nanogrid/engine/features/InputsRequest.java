package io.nanogrid.engine.features;

import io.nanogrid.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Tensors by model input name: a request to a model with several inputs (--input NAME=FILE.npy, "inputs"). */
public record InputsRequest(Map<String, Value> inputs) implements Request {
    public InputsRequest {
        Objects.requireNonNull(inputs, "inputs");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an inputs request needs at least one named tensor");
        }
        inputs = Map.copyOf(new LinkedHashMap<>(inputs));
    }

    @Override
    public String kind() {
        return "inputs";
    }
}
