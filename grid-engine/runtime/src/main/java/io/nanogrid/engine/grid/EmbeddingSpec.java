package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;

/**
 * An encoder's output pooled into one vector per request: the token vectors of a [batch, tokens, hidden]
 * output averaged over the attention mask ("mean"), or the first token's ("cls"); a [batch, hidden] output
 * is taken as it is ("none").
 *
 * @param pooling     "mean" (default), "cls" or "none"
 * @param normalize   scale the vector to unit length (L2); default true
 * @param mask        the model input holding the attention mask; default "attention_mask" (when the model
 *                    has no such input every token counts)
 * @param modelOutput the output to pool; null for the first float output
 */
@Kind(EmbeddingSpec.KIND)
public record EmbeddingSpec(String pooling, Boolean normalize, String mask, String modelOutput)
        implements OutputSpec {
    public static final String KIND = "embedding";

    public EmbeddingSpec {
        pooling = pooling != null ? pooling : "mean";
        normalize = normalize != null ? normalize : Boolean.TRUE;
        mask = mask != null ? mask : "attention_mask";
    }

    /** Mean pooling over the attention mask, L2-normalized (sentence-transformers' default). */
    public static EmbeddingSpec defaults() {
        return new EmbeddingSpec(null, null, null, null);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
