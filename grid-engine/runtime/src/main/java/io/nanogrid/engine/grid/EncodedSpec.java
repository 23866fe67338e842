package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.Map;

/**
 * A head on the grid's shared encoder: its input is the encoder's embedding of the request's text
 * ([1, dimensions] float), and optionally the text's hashed n-grams beside it (a head that learned from
 * both).
 *
 * @param modelInput  the input the embedding feeds, or null for the only one (besides the n-grams')
 * @param ngrams      the n-gram features fed beside the embedding, or null for none
 * @param ngramsInput the input the n-gram ids feed ("ids" when null)
 */
@Kind(EncodedSpec.KIND)
public record EncodedSpec(String modelInput, TextHashedNgramsSpec ngrams, String ngramsInput) implements InputSpec {
    public static final String KIND = "encoder";

    public EncodedSpec {
        ngramsInput = ngrams != null && ngramsInput == null ? "ids" : ngramsInput;
    }

    /** The embedding alone, into the model's only input. */
    public static EncodedSpec embedding() {
        return new EncodedSpec(null, null, null);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, TensorValue> constants() {
        return null;
    }

    @Override
    public Map<String, String> state() {
        return null;
    }
}
