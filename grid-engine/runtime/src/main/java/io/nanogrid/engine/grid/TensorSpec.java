package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;

/**
 * A raw tensor request (float or int64 values, e.g. from a .npy file) passed to the model as is; a
 * missing leading batch dimension is added.
 *
 * @param modelInput the model input fed, or null for the only one
 */
@Kind(TensorSpec.KIND)
public record TensorSpec(String modelInput) implements InputSpec {
    public static final String KIND = "tensor";

    @Override
    public String kind() {
        return KIND;
    }
}
