package io.nanogrid.engine.train;

import java.util.List;

/**
 * Featurized examples ready for training: bags of bucket ids (text), dense vectors (images, an
 * encoder's embeddings), or both side by side, with class indices into {@code labels}.
 *
 * @param ids     per example, its bucket ids (text); null for dense data
 * @param dense   per example, its feature vector; null for text alone
 * @param targets per example, its class index
 * @param labels  class names, in output order
 * @param inputs  number of buckets (with ids), else features per vector
 */
public record TrainingSet(int[][] ids, float[][] dense, int[] targets, List<String> labels, int inputs) {
    public TrainingSet {
        labels = List.copyOf(labels);
        if (ids == null && dense == null) {
            throw new IllegalArgumentException("a training set holds ids, dense vectors or both");
        }
        int n = ids != null ? ids.length : dense.length;
        if (targets.length != n) {
            throw new IllegalArgumentException(n + " examples but " + targets.length + " targets");
        }
    }

    public int size() {
        return targets.length;
    }

    public boolean isBag() {
        return ids != null;
    }

    /** Width of the dense vectors (0 without). */
    public int denseWidth() {
        return dense == null || dense.length == 0 ? 0 : dense[0].length;
    }

    /** The examples at the given positions, as a new set. */
    public TrainingSet subset(int[] rows) {
        int[] t = new int[rows.length];
        int[][] i = ids != null ? new int[rows.length][] : null;
        float[][] d = dense != null ? new float[rows.length][] : null;
        for (int k = 0; k < rows.length; k++) {
            t[k] = targets[rows[k]];
            if (i != null) {
                i[k] = ids[rows[k]];
            }
            if (d != null) {
                d[k] = dense[rows[k]];
            }
        }
        return new TrainingSet(i, d, t, labels, inputs);
    }
}
