package io.nanogrid.engine.decode;

/**
 * A pooled sentence embedding.
 *
 * @param dimensions the vector's length
 * @param pooling    how the token vectors were pooled: mean, cls or none
 * @param normalized whether it has unit length
 * @param embedding  the vector
 */
public record EmbeddingAnswer(int dimensions, String pooling, boolean normalized, float[] embedding)
        implements Answer {
}
