package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.List;

/**
 * Class labels with argmax and probabilities.
 *
 * @param labels      class names in the model's output order; null to use the model's metadata or
 *                    the class indices "0", "1", ...
 * @param scores      what the output holds: "probabilities", "log-probabilities", "logits", or
 *                    "auto" (default: decided from the values of each output)
 * @param modelOutput the output to read; null picks the first float output whose last dimension
 *                    matches the labels (or a ZipMap sequence of maps)
 */
@Kind(LabelsSpec.KIND)
public record LabelsSpec(List<String> labels, String scores, String modelOutput) implements OutputSpec {
    public static final String KIND = "labels";

    public LabelsSpec {
        labels = labels != null ? List.copyOf(labels) : null;
        scores = scores != null ? scores : "auto";
    }

    public static LabelsSpec of(List<String> labels) {
        return new LabelsSpec(labels, null, null);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
