package io.nanogrid.engine.model;

/**
 * A model input or output, as plain Java data. Native ONNX Runtime values never leave the ort
 * package; everything else sees these.
 */
public sealed interface Value permits FloatTensor, LongTensor, StringTensor, MapList {
    /** Short description for messages: "float [1, 10]". */
    String describe();
}
