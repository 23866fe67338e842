package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.Dim;
import java.util.List;

/** Turns a model's class scores into probabilities. */
public final class Scores {
    private Scores() {
    }

    /**
     * @param mode "probabilities", "log-probabilities", "logits" (softmax), "sigmoid" (each value on its
     *             own) or "auto" (probabilities if the values are in [0, 1] and sum to 1, log-probabilities if
     *             their exponentials do, else logits)
     * @return probabilities, or null if a value is not finite
     */
    public static double[] toProbabilities(float[] v, String mode) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return null;
            }
        }
        String m = mode.equals("auto") ? detect(v) : mode;
        double[] p = new double[v.length];
        switch (m) {
            case "probabilities" -> {
                for (int i = 0; i < v.length; i++) {
                    p[i] = v[i];
                }
            }
            case "log-probabilities" -> {
                for (int i = 0; i < v.length; i++) {
                    p[i] = Math.exp(v[i]);
                }
            }
            case "sigmoid" -> {
                for (int i = 0; i < v.length; i++) {
                    p[i] = 1 / (1 + Math.exp(-v[i]));
                }
            }
            default -> {
                double max = Double.NEGATIVE_INFINITY;
                for (float x : v) {
                    max = Math.max(max, x);
                }
                double sum = 0;
                for (int i = 0; i < v.length; i++) {
                    p[i] = Math.exp(v[i] - max);
                    sum += p[i];
                }
                for (int i = 0; i < v.length; i++) {
                    p[i] /= sum;
                }
            }
        }
        return p;
    }

    /**
     * The length of one row of scores: everything after the batch dimension ([N, K] and [N, K, 1, 1]
     * alike), or the whole of a rank-0 or rank-1 output.
     */
    public static int rowLength(long[] shape, int values) {
        if (shape.length <= 1 || shape[0] == 0) {
            return values;
        }
        return (int) (values / shape[0]);
    }

    /** The row length a declared shape promises: the product of the fixed dimensions after the batch, or -1. */
    public static long declaredRow(List<Dim> shape) {
        if (shape.isEmpty()) {
            return 1;
        }
        long k = 1;
        for (int i = shape.size() == 1 ? 0 : 1; i < shape.size(); i++) {
            if (!shape.get(i).isFixed()) {
                return -1;
            }
            k *= shape.get(i).size();
        }
        return k;
    }

    /** Which kind of scores these look like. */
    public static String detect(float[] v) {
        double sum = 0;
        double expSum = 0;
        boolean unit = true;
        boolean nonPositive = true;
        for (float x : v) {
            sum += x;
            expSum += Math.exp(x);
            unit &= x >= 0 && x <= 1;
            nonPositive &= x <= 1e-6;
        }
        if (unit && Math.abs(sum - 1) < 1e-3) {
            return "probabilities";
        }
        if (nonPositive && Math.abs(expSum - 1) < 1e-3) {
            return "log-probabilities";
        }
        return "logits";
    }
}
