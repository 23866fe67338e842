package io.nanogrid.engine.grid;

/**
 * How a request becomes a model's input. Stored in grid files and model metadata with a "kind":
 * "text-hashed-ngrams", "image" or "tensor".
 */
public sealed interface InputSpec permits TextHashedNgramsSpec, ImageSpec, TensorSpec {
    /** The "kind" written in JSON. */
    String kind();

    /** The model input to feed, or null for the model's only input. */
    String modelInput();
}
