package io.nanogrid.engine.decode;

/**
 * What an expert answers: a class label with its probabilities, several labels, a sentence embedding,
 * regression values, a raw tensor, or one answer per frame of a recording.
 */
public sealed interface Answer permits LabelAnswer, MultiLabelAnswer, EmbeddingAnswer, ValuesAnswer, TensorAnswer,
        FramesAnswer {
}
