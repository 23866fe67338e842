package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.List;

/**
 * Several labels at once: one independent score per label (a sigmoid per column), every label whose
 * probability reaches the threshold is answered.
 *
 * @param labels      label names in the output's column order; null for the column indices
 * @param scores      "sigmoid" (logits, the default), "probabilities" or "auto" (probabilities when every
 *                    value is in [0, 1], else logits)
 * @param threshold   the probability a label needs; default 0.5
 * @param modelOutput the output to read; null for the first float output
 */
@Kind(MultiLabelSpec.KIND)
public record MultiLabelSpec(List<String> labels, String scores, Double threshold, String modelOutput)
        implements OutputSpec {
    public static final String KIND = "multi-label";

    public MultiLabelSpec {
        labels = labels != null ? List.copyOf(labels) : null;
        scores = scores != null ? scores : "sigmoid";
        threshold = threshold != null ? threshold : 0.5;
    }

    @Override
    public String kind() {
        return KIND;
    }
}
