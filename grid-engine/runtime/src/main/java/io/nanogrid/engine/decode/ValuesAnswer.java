package io.nanogrid.engine.decode;

import java.util.Map;

/** Regression values by name, in the model's order. */
public record ValuesAnswer(Map<String, Double> values) implements Answer {
}
