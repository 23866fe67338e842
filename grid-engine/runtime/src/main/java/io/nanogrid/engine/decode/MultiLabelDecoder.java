package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.ModelRunException;
import io.nanogrid.engine.model.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One independent probability per label (a sigmoid per column); every label at or over the threshold holds. */
final class MultiLabelDecoder implements OutputDecoder {
    private final String output;
    private final List<String> labels;
    private final String mode;
    private final double threshold;
    private final String source;

    MultiLabelDecoder(String output, List<String> labels, String mode, double threshold, String source) {
        this.output = output;
        this.labels = labels;
        this.mode = mode;
        this.threshold = threshold;
        this.source = source;
    }

    @Override
    public Answer decode(Map<String, Value> outputs, Map<String, Value> inputs) {
        float[] row = Outputs.firstRow(Outputs.floats(outputs, output, source));
        List<String> names = labels != null ? labels : LabelNames.indices(row.length);
        if (names.size() != row.length) {
            throw new ModelRunException("model " + source + " output '" + output + "' has " + row.length
                    + " scores for " + names.size() + " labels");
        }
        boolean probabilities = mode.equals("probabilities") || mode.equals("auto") && unit(row);
        Map<String, Double> scores = new LinkedHashMap<>();
        List<String> held = new ArrayList<>();
        for (int i = 0; i < row.length; i++) {
            double p = probabilities ? row[i] : 1 / (1 + Math.exp(-row[i]));
            scores.put(names.get(i), p);
            if (p >= threshold) {
                held.add(names.get(i));
            }
        }
        held.sort(Comparator.comparingDouble((String l) -> scores.get(l)).reversed());
        return new MultiLabelAnswer(held, scores, threshold);
    }

    private static boolean unit(float[] row) {
        for (float x : row) {
            if (x < 0 || x > 1) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String output() {
        return output;
    }

    @Override
    public List<String> labels() {
        return labels != null ? labels : List.of();
    }
}
