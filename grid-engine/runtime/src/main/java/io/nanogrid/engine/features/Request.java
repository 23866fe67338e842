package io.nanogrid.engine.features;

/** A request to a grid: text, an image, or a raw tensor. */
public sealed interface Request permits TextRequest, ImageRequest, TensorRequest {
    /** "text", "image" or "tensor". */
    String kind();
}
