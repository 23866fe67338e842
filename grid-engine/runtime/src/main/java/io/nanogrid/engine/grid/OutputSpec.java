package io.nanogrid.engine.grid;

/**
 * How a model's outputs become an answer: class labels ("labels", softmax or one-column sigmoid),
 * several labels at once ("multi-label"), a pooled sentence embedding ("embedding"), regression values
 * ("values"), or the raw tensor ("tensor").
 */
public sealed interface OutputSpec permits LabelsSpec, MultiLabelSpec, EmbeddingSpec, ValuesSpec, RawTensorSpec {
    String kind();

    /** The model output to read, or null to pick it (see the implementations). */
    String modelOutput();
}
