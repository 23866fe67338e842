package io.nanogrid.engine.decode;

import java.util.List;
import java.util.Map;

/**
 * Labels that hold at once.
 *
 * @param labels    the labels whose probability reached the threshold, most probable first (may be empty)
 * @param scores    every label's probability, in the model's order
 * @param threshold the probability a label needs
 */
public record MultiLabelAnswer(List<String> labels, Map<String, Double> scores, double threshold)
        implements Answer {
}
