package io.nanogrid.engine.features;

/** A request to a grid: text, an image, a raw tensor, named tensors, or a recording. */
public sealed interface Request permits TextRequest, ImageRequest, TensorRequest, InputsRequest, AudioRequest,
        EncodedText {
    /** "text", "image", "tensor", "inputs" or "audio". */
    String kind();
}
