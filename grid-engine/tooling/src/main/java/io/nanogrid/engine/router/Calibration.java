package io.nanogrid.engine.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Confidence calibration: temperature scaling (Guo et al., 2017: one scalar T divides the logits,
 * fitted by minimizing the negative log-likelihood on held-out data), expected calibration error
 * with its reliability bins, and the lowest threshold that keeps the misroute rate under a target.
 */
public final class Calibration {
    /** Bins of the reliability diagram and of ECE. */
    public static final int BINS = 15;

    private Calibration() {
    }

    /** The temperature in [0.05, 20] minimizing the mean NLL of the true classes (golden-section on log T). */
    public static double fitTemperature(List<float[]> logits, int[] targets) {
        double lo = Math.log(0.05);
        double hi = Math.log(20);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(logits, targets, Math.exp(a));
        double fb = nll(logits, targets, Math.exp(b));
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(logits, targets, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(logits, targets, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    static double nll(List<float[]> logits, int[] targets, double t) {
        double sum = 0;
        for (int i = 0; i < logits.size(); i++) {
            float[] z = logits.get(i);
            double max = Double.NEGATIVE_INFINITY;
            for (float v : z) {
                max = Math.max(max, v / t);
            }
            double lse = 0;
            for (float v : z) {
                lse += Math.exp(v / t - max);
            }
            sum += -(z[targets[i]] / t - max - Math.log(lse));
        }
        return sum / logits.size();
    }

    /** One bin of a reliability diagram: predictions whose confidence fell in [lower, upper). */
    public record Bin(double lower, double upper, long count, double accuracy, double confidence) {
    }

    /** Reliability bins over confidences (equal width). */
    public static List<Bin> bins(double[] confidence, boolean[] correct) {
        long[] n = new long[BINS];
        double[] acc = new double[BINS];
        double[] conf = new double[BINS];
        for (int i = 0; i < confidence.length; i++) {
            int b = Math.min(BINS - 1, (int) (confidence[i] * BINS));
            n[b]++;
            acc[b] += correct[i] ? 1 : 0;
            conf[b] += confidence[i];
        }
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            out.add(new Bin((double) b / BINS, (double) (b + 1) / BINS, n[b], n[b] == 0 ? 0 : acc[b] / n[b],
                    n[b] == 0 ? 0 : conf[b] / n[b]));
        }
        return out;
    }

    /** Expected calibration error: the count-weighted mean gap between accuracy and confidence per bin. */
    public static double ece(List<Bin> bins) {
        long total = bins.stream().mapToLong(Bin::count).sum();
        double e = 0;
        for (Bin b : bins) {
            e += total == 0 ? 0 : (double) b.count() / total * Math.abs(b.accuracy() - b.confidence());
        }
        return e;
    }

    /**
     * The lowest threshold (one of the observed confidences, or 0) at which the misroute rate among
     * the answered requests (confidence >= threshold) is at most the target.
     */
    public static double thresholdFor(double[] confidence, boolean[] correct, double targetMisrouteRate) {
        Integer[] order = new Integer[confidence.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(confidence[y], confidence[x]));
        // walk from the most confident down; remember the lowest confidence that still meets the target
        long answered = 0;
        long wrong = 0;
        double best = 1.0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            answered++;
            if (!correct[i]) {
                wrong++;
            }
            boolean lastOfTie = k + 1 == order.length || confidence[order[k + 1]] < confidence[i];
            if (lastOfTie && (double) wrong / answered <= targetMisrouteRate) {
                best = confidence[i];
            }
        }
        return answered > 0 && (double) wrong / answered <= targetMisrouteRate ? 0.0 : best;
    }
}
