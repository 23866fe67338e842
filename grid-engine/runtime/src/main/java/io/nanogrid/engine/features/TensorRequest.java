package io.nanogrid.engine.features;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Value;
import java.util.Objects;

/** A raw float or int64 tensor. */
public record TensorRequest(Value tensor) implements Request {
    public TensorRequest {
        Objects.requireNonNull(tensor, "tensor");
        if (!(tensor instanceof FloatTensor) && !(tensor instanceof LongTensor)) {
            throw new IllegalArgumentException("a tensor request holds a float or int64 tensor, not "
                    + tensor.describe());
        }
    }

    @Override
    public String kind() {
        return "tensor";
    }
}
