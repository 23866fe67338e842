package io.nanogrid.engine.decode;

import java.util.Map;

/**
 * A classification.
 *
 * @param label         the most probable label
 * @param score         its probability
 * @param probabilities every label's probability, in the model's label order
 */
public record LabelAnswer(String label, double score, Map<String, Double> probabilities) implements Answer {
}
