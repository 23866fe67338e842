package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.List;

/**
 * Class labels with argmax and probabilities.
 *
 * @param labels      class names in the model's output order; null to use the model's metadata or
 *                    the class indices "0", "1", ...
 * @param scores      what the output holds: "probabilities", "log-probabilities", "logits", "sigmoid"
 *                    (independent logits: a one-column head's single logit), or "auto" (default: decided
 *                    from the values of each output; a single column is never softmaxed)
 * @param modelOutput the output to read; null picks the first float output whose last dimension
 *                    matches the labels (or a ZipMap sequence of maps)
 * @param threshold   a one-column head (one score for two labels) answers the second label when its
 *                    probability is at least this; default 0.5
 */
@Kind(LabelsSpec.KIND)
public record LabelsSpec(List<String> labels, String scores, String modelOutput, Double threshold)
        implements OutputSpec {
    public static final String KIND = "labels";

    public LabelsSpec {
        labels = labels != null ? List.copyOf(labels) : null;
        scores = scores != null ? scores : "auto";
    }

    public LabelsSpec(List<String> labels, String scores, String modelOutput) {
        this(labels, scores, modelOutput, null);
    }

    public static LabelsSpec of(List<String> labels) {
        return new LabelsSpec(labels, null, null, null);
    }

    /** The one-column threshold: given, else 0.5. */
    public double binaryThreshold() {
        return threshold != null ? threshold : 0.5;
    }

    @Override
    public String kind() {
        return KIND;
    }
}
