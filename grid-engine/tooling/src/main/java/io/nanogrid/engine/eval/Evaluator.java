package io.nanogrid.engine.eval;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.task.ParallelRange;
import io.nanogrid.engine.task.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/** Runs a labelled dataset through a grid (or a one-model grid) and scores the answers. */
public final class Evaluator {
    private static final int MAX_ERRORS = 10;

    private final int threads;

    /** @param threads requests evaluated at once */
    public Evaluator(int threads) {
        this.threads = Math.max(1, threads);
    }

    public EvalReport evaluate(Grid grid, Dataset data, Progress progress) {
        long start = System.nanoTime();
        List<String> order = grid.spec().router() == null ? labelsOfOnlyExpert(grid) : List.of();
        ConfusionMatrix labels = new ConfusionMatrix(order);
        boolean routed = data.examples().stream().anyMatch(e -> e.route() != null);
        AtomicLong routeRight = new AtomicLong();
        AtomicLong jointRight = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<Example> examples = data.examples();
        int total = examples.size();
        ParallelRange.run(total, threads, "nanogrid-eval", progress, i -> {
            Example e = examples.get(i);
            GridResponse r = grid.route(e.request());
            String predicted = r.result() instanceof LabelAnswer a ? a.label() : null;
            labels.add(e.label(), predicted);
            if (r.error() != null && errors.size() < MAX_ERRORS) {
                errors.add("example " + e.line() + ": " + r.error().message());
            }
            if (e.route() != null && e.route().equals(r.route())) {
                routeRight.incrementAndGet();
                if (e.label().equals(predicted)) {
                    jointRight.incrementAndGet();
                }
            }
            long d = done.incrementAndGet();
            if (d % 256 == 0 || d == total) {
                progress.update(d, total, "evaluated " + d + " of " + total);
            }
        });
        long routedCount = examples.stream().filter(e -> e.route() != null).count();
        return new EvalReport(data.source(), labels.n(), labels.accuracy(), labels.macroF1(), labels.labels(),
                labels.matrix(), labels.perClass(), labels.unanswered(), List.copyOf(errors), data.skipped(),
                unknownLabels(grid, examples), routed ? (double) routeRight.get() / routedCount : null,
                routed ? (double) jointRight.get() / routedCount : null, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Examples whose label the expert that should answer them (the only one, or their route's) does
     * not have: data meant for another model, or labels spelt differently. One warning per expert.
     */
    public static List<String> unknownLabels(Grid grid, List<Example> examples) {
        Map<String, Set<String>> known = new HashMap<>();
        grid.spec().experts().forEach(x -> known.put(x.id(), new HashSet<>(grid.expertLabels(x.id()))));
        String only = grid.spec().router() == null ? grid.spec().experts().get(0).id() : null;
        Map<String, Integer> total = new TreeMap<>();
        Map<String, Integer> wrong = new TreeMap<>();
        Map<String, Set<String>> unknown = new TreeMap<>();
        for (Example e : examples) {
            String expert = only != null ? only : e.route();
            Set<String> labels = expert == null ? null : known.get(expert);
            if (labels == null || labels.isEmpty() || e.label() == null) {
                continue; // not routed, a route with no expert, an expert without labels, or no label to check
            }
            total.merge(expert, 1, Integer::sum);
            if (!labels.contains(e.label())) {
                wrong.merge(expert, 1, Integer::sum);
                unknown.computeIfAbsent(expert, k -> new TreeSet<>()).add(e.label());
            }
        }
        List<String> out = new ArrayList<>();
        unknown.forEach((expert, labels) -> out.add(String.format("%d of %d examples for expert '%s' have labels it "
                + "does not have (%s%s); they can only count as wrong", wrong.get(expert), total.get(expert), expert,
                String.join(", ", labels.stream().limit(3).map(l -> "'" + l + "'").toList()),
                labels.size() > 3 ? ", ..." : "")));
        return out;
    }

    private static List<String> labelsOfOnlyExpert(Grid grid) {
        return grid.expertLabels(grid.spec().experts().get(0).id());
    }
}
