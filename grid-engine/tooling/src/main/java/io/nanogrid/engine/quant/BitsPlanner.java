package io.nanogrid.engine.quant;

import io.nanogrid.files.BadInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mixed precision for one model (llama.cpp's --target-bpw idea): bits per weight chosen to meet an average
 * of stored bits per weight with the least predicted loss. The loss of a choice is the sum over weights of
 * their squared relative output errors ({@link Sensitivity}, each measured alone: errors of different
 * layers are taken to add as variances). The choice is exact (a multiple-choice knapsack solved by
 * merging Pareto fronts of bits against loss, weight by weight, dropping plans that can no longer fit).
 */
public final class BitsPlanner {
    /** The range --target-bpw takes. */
    public static final double MIN_TARGET = 2;
    public static final double MAX_TARGET = 8;

    private BitsPlanner() {
    }

    /**
     * @param bits           the chosen bits by weight name
     * @param bitsPerWeight  the average stored bits per weight of the choice
     * @param predictedError sqrt of the summed squared errors: the predicted relative output error
     */
    public record Plan(Map<String, Integer> bits, double bitsPerWeight, double predictedError) {
    }

    public static Plan plan(Sensitivity s, double target) {
        if (!(target >= MIN_TARGET && target <= MAX_TARGET)) {
            throw new BadInputException(String.format(Locale.ROOT, "--target-bpw %s: expected a number of bits per "
                    + "weight from %.0f to %.0f", fmt(target), MIN_TARGET, MAX_TARGET));
        }
        List<Integer> widths = s.widths().stream().sorted((a, b) -> b - a).toList();
        List<Sensitivity.Row> rows = s.rows();
        double values = rows.stream().mapToDouble(Sensitivity.Row::values).sum();
        if (values == 0) {
            return new Plan(Map.of(), 0, 0);
        }
        double budget = target * values + 1e-6 * values;
        double[] leastAfter = new double[rows.size() + 1];
        for (int i = rows.size() - 1; i >= 0; i--) {
            Sensitivity.Row r = rows.get(i);
            leastAfter[i] = leastAfter[i + 1] + r.values() * widths.stream().mapToDouble(b -> r.bitsPerWeight().get(b))
                    .min().orElseThrow();
        }
        if (leastAfter[0] > budget) {
            throw new BadInputException(String.format(Locale.ROOT, "--target-bpw %s: these weights take at least %.3f "
                    + "bits per weight at block %d (every one at %d bits, scales and zero points included); raise it, "
                    + "or give a longer --block", fmt(target), leastAfter[0] / values, s.block(),
                    widths.get(widths.size() - 1)));
        }
        // exact: the Pareto front of (bits, loss) over the weights so far, pruned of plans that cannot fit
        List<Point> front = List.of(new Point(0, 0, -1, null));
        for (int i = 0; i < rows.size(); i++) {
            Sensitivity.Row r = rows.get(i);
            List<Point> next = new ArrayList<>();
            for (Point p : front) {
                for (int b : widths) {
                    double bits = p.bits + r.values() * r.bitsPerWeight().get(b);
                    if (bits + leastAfter[i + 1] <= budget) {
                        next.add(new Point(bits, p.loss + sq(r.error().get(b)), b, p));
                    }
                }
            }
            next.sort(Comparator.comparingDouble((Point p) -> p.bits).thenComparingDouble(p -> p.loss));
            List<Point> kept = new ArrayList<>();
            for (Point p : next) {
                if (kept.isEmpty() || p.loss < kept.get(kept.size() - 1).loss - 1e-15) {
                    kept.add(p);
                }
            }
            front = kept;
        }
        Point best = front.get(front.size() - 1);
        Map<String, Integer> choice = new LinkedHashMap<>();
        Point p = best;
        for (int i = rows.size() - 1; i >= 0; i--, p = p.parent) {
            choice.put(rows.get(i).weight(), p.width);
        }
        Map<String, Integer> ordered = new LinkedHashMap<>();
        rows.forEach(r -> ordered.put(r.weight(), choice.get(r.weight())));
        return new Plan(ordered, best.bits / values, Math.sqrt(best.loss));
    }

    /** A plan for the weights so far: its stored bits, its loss, the last weight's bits and the plan before. */
    private record Point(double bits, double loss, int width, Point parent) {
    }

    private static double sq(double x) {
        return x * x;
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
