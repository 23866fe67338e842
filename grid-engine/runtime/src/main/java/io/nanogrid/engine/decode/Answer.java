package io.nanogrid.engine.decode;

/** What an expert answers: a class label with its probabilities, or a raw tensor. */
public sealed interface Answer permits LabelAnswer, TensorAnswer {
}
