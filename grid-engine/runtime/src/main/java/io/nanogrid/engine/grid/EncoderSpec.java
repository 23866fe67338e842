package io.nanogrid.engine.grid;

/**
 * A grid's shared encoder: a compact transformer run once per request, whose pooled embedding the router
 * and the experts (input kind "encoder") take as their input: one small encoder, many light heads.
 *
 * @param model  the encoder model, relative to the grid file
 * @param input  how text reaches it (its tokenizer.json)
 * @param output how its outputs become one vector (pooling, normalization); mean pooling, L2 when null
 */
public record EncoderSpec(String model, TokenizerSpec input, EmbeddingSpec output) {
    public EncoderSpec {
        output = output != null ? output : EmbeddingSpec.defaults();
    }

    public EncoderSpec withModel(String m) {
        return new EncoderSpec(m, input, output);
    }

    public EncoderSpec withInput(TokenizerSpec i) {
        return new EncoderSpec(model, i, output);
    }
}
