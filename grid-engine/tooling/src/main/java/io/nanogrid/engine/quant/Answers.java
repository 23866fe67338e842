package io.nanogrid.engine.quant;

import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.task.ParallelRange;
import io.nanogrid.engine.task.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A grid's answer to every example: the route that answered, the label and the probabilities (null
 * when there was no label answer). Kept per example so that two runs can be compared without labels.
 *
 * @param routes        the answering route per example (null when none)
 * @param labels        the answered label per example (null when none)
 * @param probabilities the label probabilities per example (null when none)
 */
public record Answers(String[] routes, String[] labels, List<Map<String, Double>> probabilities) {
    public int size() {
        return routes.length;
    }

    /** Runs every example through the grid, on {@code threads} threads. */
    public static Answers collect(Grid grid, List<Example> examples, int threads, Progress progress) {
        int n = examples.size();
        String[] routes = new String[n];
        String[] labels = new String[n];
        List<Map<String, Double>> probs = new ArrayList<>(Collections.nCopies(n, null));
        ParallelRange.run(n, threads, "nanogrid-sweep", progress, i -> {
            GridResponse r = grid.route(examples.get(i).request());
            routes[i] = r.route();
            if (r.result() instanceof LabelAnswer la) {
                labels[i] = la.label();
                probs.set(i, la.probabilities());
            }
        });
        return new Answers(routes, labels, probs);
    }

    /** Share of the chosen examples answered with their label (and their route, when the data gives one). */
    public Double accuracy(List<Example> examples, List<Integer> chosen) {
        if (chosen.isEmpty() || chosen.stream().anyMatch(i -> examples.get(i).label() == null)) {
            return null;
        }
        long right = chosen.stream().filter(i -> correct(examples.get(i), i)).count();
        return (double) right / chosen.size();
    }

    /** The answer to example i is right: its label, and its route when the example has one. */
    public boolean correct(Example e, int i) {
        return e.label() != null && e.label().equals(labels[i]) && (e.route() == null || e.route().equals(routes[i]));
    }

    /**
     * Top-1 agreement and mean KL divergence KL(reference || this) over the chosen examples that
     * both answered with probabilities.
     */
    public Agreement agreementWith(Answers reference, List<Integer> chosen) {
        long both = 0;
        long same = 0;
        double kl = 0;
        for (int i : chosen) {
            Map<String, Double> p = reference.probabilities.get(i);
            Map<String, Double> q = probabilities.get(i);
            if (p == null || q == null) {
                continue;
            }
            both++;
            if (reference.labels[i].equals(labels[i])) {
                same++;
            }
            kl += kl(p, q);
        }
        return both == 0 ? new Agreement(0, null, null)
                : new Agreement(both, (double) same / both, kl / both);
    }

    static double kl(Map<String, Double> p, Map<String, Double> q) {
        double sum = 0;
        for (Map.Entry<String, Double> e : p.entrySet()) {
            double pi = e.getValue();
            if (pi <= 0) {
                continue;
            }
            double qi = Math.max(1e-12, q.getOrDefault(e.getKey(), 0.0));
            sum += pi * Math.log(pi / qi);
        }
        return Math.max(0, sum);
    }

    /**
     * How closely a quantized model follows the float one; needs no labels.
     *
     * @param compared     examples both answered
     * @param top1         share of them given the same label
     * @param meanKl       mean KL(float || quantized) of the label probabilities, in nats
     */
    public record Agreement(long compared, Double top1, Double meanKl) {
    }
}
