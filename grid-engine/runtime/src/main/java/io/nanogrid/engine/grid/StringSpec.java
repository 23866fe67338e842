package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.Map;

/**
 * Raw text into a string tensor input (scikit-learn text pipelines: StringNormalizer, TfIdfVectorizer,
 * com.microsoft Tokenizer), shaped as the input wants: [1], [1, 1] or [].
 *
 * @param modelInput the string input to feed, or null for the only free one
 * @param constants  inputs fed a fixed value on every call; null for none
 * @param state      inputs fed from the previous call's outputs (input -> output)
 */
@Kind(StringSpec.KIND)
public record StringSpec(String modelInput, Map<String, TensorValue> constants, Map<String, String> state)
        implements InputSpec {
    public static final String KIND = "string";

    public StringSpec {
        constants = constants != null && !constants.isEmpty() ? Map.copyOf(constants) : null;
        state = state != null && !state.isEmpty() ? Map.copyOf(state) : null;
    }

    public static StringSpec of(String modelInput) {
        return new StringSpec(modelInput, null, null);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
