package io.nanogrid.engine.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts (truth, prediction) pairs and derives accuracy, per-class precision/recall/F1 and macro-F1
 * (the unweighted mean F1 over every label that occurs as truth or prediction, as scikit-learn
 * computes it). A missing prediction (an error, or "not sure") counts as wrong.
 */
public final class ConfusionMatrix {
    private final Map<String, Map<String, Long>> counts = new HashMap<>();
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, Long> support = new HashMap<>();
    private long n;
    private long correct;
    private long unanswered;

    /** @param labelOrder labels to list first, in this order (a model's label list); may be empty */
    public ConfusionMatrix(List<String> labelOrder) {
        known.addAll(labelOrder);
    }

    /** @param predicted null when there was no answer */
    public synchronized void add(String truth, String predicted) {
        n++;
        support.merge(truth, 1L, Long::sum);
        if (predicted == null) {
            unanswered++;
            counts.computeIfAbsent(truth, k -> new HashMap<>());
            return;
        }
        if (truth.equals(predicted)) {
            correct++;
        }
        counts.computeIfAbsent(truth, k -> new HashMap<>()).merge(predicted, 1L, Long::sum);
    }

    public long n() {
        return n;
    }

    public long unanswered() {
        return unanswered;
    }

    public double accuracy() {
        return n == 0 ? 0 : (double) correct / n;
    }

    /** Labels that occur, the given order first, then the others sorted. */
    public List<String> labels() {
        Set<String> seen = new TreeSet<>();
        counts.forEach((t, row) -> {
            seen.add(t);
            seen.addAll(row.keySet());
        });
        List<String> out = new ArrayList<>();
        for (String l : known) {
            if (seen.remove(l)) {
                out.add(l);
            }
        }
        out.addAll(seen);
        return out;
    }

    /** Rows are true labels, columns predicted labels, both in {@link #labels()} order. */
    public long[][] matrix() {
        List<String> labels = labels();
        long[][] m = new long[labels.size()][labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            Map<String, Long> row = counts.getOrDefault(labels.get(i), Map.of());
            for (int j = 0; j < labels.size(); j++) {
                m[i][j] = row.getOrDefault(labels.get(j), 0L);
            }
        }
        return m;
    }

    public List<ClassMetrics> perClass() {
        List<String> labels = labels();
        long[][] m = matrix();
        List<ClassMetrics> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            long tp = m[i][i];
            long predicted = 0;
            for (long[] row : m) {
                predicted += row[i];
            }
            long sup = support.getOrDefault(labels.get(i), 0L);
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double r = sup == 0 ? 0 : (double) tp / sup;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            out.add(new ClassMetrics(labels.get(i), p, r, f1, sup));
        }
        return out;
    }

    public double macroF1() {
        List<ClassMetrics> pc = perClass();
        return pc.isEmpty() ? 0 : pc.stream().mapToDouble(ClassMetrics::f1).average().orElse(0);
    }
}
