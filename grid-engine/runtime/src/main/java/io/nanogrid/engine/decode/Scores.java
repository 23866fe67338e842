package io.nanogrid.engine.decode;

/** Turns a model's class scores into probabilities. */
public final class Scores {
    private Scores() {
    }

    /**
     * @param mode "probabilities", "log-probabilities", "logits" or "auto" (probabilities if the values
     *             are in [0, 1] and sum to 1, log-probabilities if their exponentials do, else logits)
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
