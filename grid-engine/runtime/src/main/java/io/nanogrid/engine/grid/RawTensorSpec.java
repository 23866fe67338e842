package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;

/**
 * The raw output tensor as the answer (shape and values).
 *
 * @param modelOutput the output to return; null for the first
 */
@Kind(RawTensorSpec.KIND)
public record RawTensorSpec(String modelOutput) implements OutputSpec {
    public static final String KIND = "tensor";

    @Override
    public String kind() {
        return KIND;
    }
}
