package io.nanogrid.engine.grid;

import java.util.Map;

/**
 * How a request becomes a model's inputs. Stored in grid files and model metadata with a "kind":
 * "text-hashed-ngrams", "hf-tokenizer", "string", "image", "audio", "tensor" or "encoder" (the grid's shared
 * encoder's embedding).
 */
public sealed interface InputSpec permits TextHashedNgramsSpec, TokenizerSpec, StringSpec, ImageSpec, AudioSpec,
        TensorSpec, EncodedSpec {
    /** The "kind" written in JSON. */
    String kind();

    /** The model input to feed, or null for the model's only input (the only one left after constants and state). */
    String modelInput();

    /** Inputs fed the same value on every call, by input name (e.g. a sample rate); null for none. */
    Map<String, TensorValue> constants();

    /**
     * Recurrent state: input name -> the output whose value feeds it on the next call of the same
     * session (the first call gets zeros shaped like the input); null for none.
     */
    Map<String, String> state();

    /** What a request must hold for this adapter: "text", "image", "audio" or "tensor". */
    default String requestKind() {
        return switch (kind()) {
            case TextHashedNgramsSpec.KIND, TokenizerSpec.KIND, StringSpec.KIND, EncodedSpec.KIND -> "text";
            case ImageSpec.KIND -> "image";
            case AudioSpec.KIND -> "audio";
            default -> "tensor";
        };
    }
}
