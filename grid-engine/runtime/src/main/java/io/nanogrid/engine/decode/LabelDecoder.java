package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.MapList;
import io.nanogrid.engine.model.ModelRunException;
import io.nanogrid.engine.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads class scores (a float tensor, or ZipMap's sequence of maps) and answers the argmax label. A
 * [N, K, 1, 1] output is read as [N, K]; a single column is a binary head, answered by its threshold
 * (never softmaxed over one class).
 */
final class LabelDecoder implements OutputDecoder {
    private final String output;
    private final List<String> labels;
    private final String mode;
    private final double threshold;
    private final String source;

    /**
     * @param labels    the labels, or null for class indices decided by the output's size
     * @param threshold the probability at which a one-column head answers its second label
     */
    LabelDecoder(String output, List<String> labels, String mode, double threshold, String source) {
        this.output = output;
        this.labels = labels;
        this.mode = mode;
        this.threshold = threshold;
        this.source = source;
    }

    @Override
    public Answer decode(Map<String, Value> outputs, Map<String, Value> inputs) {
        Value v = outputs.get(output);
        if (v == null) {
            throw new ModelRunException("model " + source + " gave no output '" + output + "'");
        }
        List<String> names;
        float[] scores;
        if (v instanceof MapList maps) {
            if (maps.maps().isEmpty()) {
                throw new ModelRunException("model " + source + " output '" + output + "' is empty");
            }
            Map<String, Float> first = maps.maps().get(0);
            names = labels != null ? labels : new ArrayList<>(first.keySet());
            scores = new float[names.size()];
            for (int i = 0; i < scores.length; i++) {
                Float s = first.get(names.get(i));
                scores[i] = s != null ? s : 0f;
            }
        } else {
            scores = firstRow(v);
            if (scores.length == 1 && labels != null && labels.size() == 1) {
                if (!Float.isFinite(scores[0])) {
                    throw new NanOutputException("model " + source + " output '" + output + "' holds NaN or infinite "
                            + "scores");
                }
                // one class named (a router of one route): it is the answer, whatever its score
                return new LabelAnswer(labels.get(0), 1.0, Map.of(labels.get(0), 1.0));
            }
            if (scores.length == 1) {
                return binary(scores[0], labels != null ? labels : List.of("0", "1"));
            }
            names = labels != null ? labels : indices(scores.length);
            if (scores.length != names.size()) {
                throw new ModelRunException("model " + source + " output '" + output + "' has " + scores.length
                        + " scores for " + names.size() + " labels");
            }
        }
        double[] p = Scores.toProbabilities(scores, mode);
        if (p == null) {
            throw new NanOutputException("model " + source + " output '" + output + "' holds NaN or infinite scores");
        }
        int best = 0;
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            probabilities.put(names.get(i), p[i]);
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return new LabelAnswer(names.get(best), p[best], probabilities);
    }

    /**
     * A single score is the second label's probability (or its logit, or log-probability): the second
     * label when it reaches the threshold, else the first; the score is the answered label's probability.
     */
    private LabelAnswer binary(float s, List<String> names) {
        if (!Float.isFinite(s)) {
            throw new NanOutputException("model " + source + " output '" + output + "' holds NaN or infinite scores");
        }
        if (names.size() != 2) {
            throw new ModelRunException("model " + source + " output '" + output + "' has one score for "
                    + names.size() + " labels (a one-column head needs two: negative, positive)");
        }
        String m = mode.equals("auto") ? (s >= 0 && s <= 1 ? "probabilities" : "logits") : mode;
        double p = switch (m) {
            case "probabilities" -> s;
            case "log-probabilities" -> Math.exp(s);
            default -> 1 / (1 + Math.exp(-s));
        };
        Map<String, Double> probabilities = new LinkedHashMap<>();
        probabilities.put(names.get(0), 1 - p);
        probabilities.put(names.get(1), p);
        boolean positive = p >= threshold;
        return new LabelAnswer(names.get(positive ? 1 : 0), positive ? p : 1 - p, probabilities);
    }

    private float[] firstRow(Value v) {
        long[] shape;
        float[] values;
        if (v instanceof FloatTensor f) {
            shape = f.shape();
            values = f.values();
        } else {
            throw new ModelRunException("model " + source + " output '" + output + "' is " + v.describe()
                    + ", not class scores" + (v instanceof LongTensor ? " (it looks like class ids)" : ""));
        }
        int k = Scores.rowLength(shape, values.length);
        if (values.length == k) {
            return values;
        }
        float[] row = new float[k];
        System.arraycopy(values, 0, row, 0, k);
        return row;
    }

    private static List<String> indices(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
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
