package io.nanogrid.engine.grid;

/** How a model's outputs become an answer: class labels, or the raw tensor. */
public sealed interface OutputSpec permits LabelsSpec, RawTensorSpec {
    String kind();

    /** The model output to read, or null to pick it (see the implementations). */
    String modelOutput();
}
