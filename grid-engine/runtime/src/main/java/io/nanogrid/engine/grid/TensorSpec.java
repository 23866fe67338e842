package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.Map;

/**
 * Tensors passed to the model as they are: one unnamed tensor for the model's one free input (a
 * missing leading batch dimension is added), or named tensors for a model with several inputs.
 *
 * @param modelInput the model input an unnamed tensor feeds, or null for the only free one
 * @param constants  inputs fed a fixed value on every call; null for none
 * @param state      inputs fed from the previous call's outputs (input -> output)
 */
@Kind(TensorSpec.KIND)
public record TensorSpec(String modelInput, Map<String, TensorValue> constants, Map<String, String> state)
        implements InputSpec {
    public static final String KIND = "tensor";

    public TensorSpec {
        constants = constants != null && !constants.isEmpty() ? Map.copyOf(constants) : null;
        state = state != null && !state.isEmpty() ? Map.copyOf(state) : null;
    }

    public TensorSpec(String modelInput) {
        this(modelInput, null, null);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
