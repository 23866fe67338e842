package io.nanogrid.engine.decode;

/** A raw output tensor. */
public record TensorAnswer(String output, long[] shape, float[] values) implements Answer {
}
