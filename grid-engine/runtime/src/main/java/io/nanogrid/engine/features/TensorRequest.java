package io.nanogrid.engine.features;

import io.nanogrid.engine.model.MapList;
import io.nanogrid.engine.model.Value;
import java.util.Objects;

/** A raw tensor of any element type (float, integer, bool or string), for the model's one free input. */
public record TensorRequest(Value tensor) implements Request {
    public TensorRequest {
        Objects.requireNonNull(tensor, "tensor");
        if (tensor instanceof MapList) {
            throw new IllegalArgumentException("a tensor request holds a tensor, not " + tensor.describe());
        }
    }

    @Override
    public String kind() {
        return "tensor";
    }
}
