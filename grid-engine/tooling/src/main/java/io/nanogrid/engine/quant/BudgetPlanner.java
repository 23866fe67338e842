package io.nanogrid.engine.quant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * Chooses the variant of every expert to maximize the grid's accuracy within a memory budget: a
 * multiple-choice knapsack solved exactly by merging Pareto fronts expert by expert (each merge
 * keeps only the plans no other plan beats in both bytes and objective). The objective adds up over
 * experts: with a float router each example is answered by one expert, so the grid's joint accuracy
 * is the sum of what each expert's variant answers right on the examples the router sends it.
 */
public final class BudgetPlanner {
    /** What to maximize. */
    public enum Objective {
        /** Share of examples the grid answers right (route included when the data gives routes). */
        JOINT,
        /** Mean of the experts' accuracies, each on the examples of its own route. */
        EXPERTS,
        /** Mean top-1 agreement with the float experts, weighted by their examples: needs no labels. */
        AGREEMENT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Objective parse(String s) {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        }

        /** Joint accuracy when the sweep's examples are labelled, agreement with the float experts otherwise. */
        public static Objective defaultFor(SweepReport sweep) {
            return sweep.labelled() ? JOINT : AGREEMENT;
        }
    }

    private record Option(String variant, long cost, double micros, double gain) {
    }

    /** A partial plan: the choices so far are this one and its parent's (a chain, not a copied list). */
    private record Point(long cost, double micros, double gain, Point parent, String choice) {
        List<String> choices() {
            List<String> out = new ArrayList<>();
            for (Point p = this; p != null && p.choice() != null; p = p.parent()) {
                out.add(p.choice());
            }
            Collections.reverse(out);
            return out;
        }

        Point then(Option o) {
            return new Point(cost + o.cost(), micros + o.micros(), gain + o.gain(), this, o.variant());
        }
    }

    /** Latencies are sums of measured figures: a plan this close over the limit still fits it. */
    private static final double LATENCY_TOLERANCE = 1e-9;
    /**
     * With a latency budget, a partial plan is dropped when a kept one is as cheap, as good and at most
     * this much slower (µs). Without this slack the fronts of 64 experts take about a minute to merge;
     * with it, under a second, and the plan chosen is at least as good as the best plan that is
     * (experts x slack) faster than the budget. The p50s themselves move by more than this.
     */
    static final double LATENCY_SLACK_MICROS = 0.05;

    public PlanReport plan(SweepReport sweep, long budget, Objective objective) {
        return plan(sweep, budget, null, objective);
    }

    /**
     * As {@link #plan(SweepReport, long, Objective)}, and with {@code latencyMicros} (null for none)
     * the plan's predicted latency must not exceed it either. A request's latency is predicted as the
     * grid's own part (the float grid's p50 less its experts' share-weighted p50s: router, features,
     * dispatch) plus the p50 of the expert that answers it, weighted by each expert's share of the
     * examples. The merge then keeps the plans no other plan beats in bytes, latency and objective
     * together (see {@link #LATENCY_SLACK_MICROS} for how close to exact).
     */
    public PlanReport plan(SweepReport sweep, long budget, Double latencyMicros, Objective objective) {
        if (objective != Objective.AGREEMENT && !sweep.labelled()) {
            throw new IllegalArgumentException("the data has no labels: plan for agreement instead");
        }
        boolean resident = sweep.models().stream().allMatch(r -> r.residentBytes() >= 0)
                && (sweep.router() == null || sweep.router().residentBytes() >= 0);
        Map<String, Double> shares = shares(sweep);
        Map<String, List<Option>> options = new LinkedHashMap<>();
        long experts = shares.size();
        Map<String, Long> floatCost = new HashMap<>();
        for (SweepReport.ModelRow r : sweep.models()) {
            if (r.variant().equals(Variant.FLOAT.name())) {
                floatCost.put(r.expert(), resident ? r.residentBytes() : r.fileBytes());
            }
        }
        for (SweepReport.ModelRow r : sweep.models()) {
            long cost = resident ? r.residentBytes() : r.fileBytes();
            if (!r.variant().equals(Variant.FLOAT.name()) && floatCost.containsKey(r.expert())
                    && cost >= floatCost.get(r.expert())) {
                continue; // takes at least the float model's memory: never the way to meet a memory budget
            }
            options.computeIfAbsent(r.expert(), k -> new ArrayList<>()).add(new Option(r.variant(),
                    resident ? r.residentBytes() : r.fileBytes(), shares.get(r.expert()) * r.p50Micros(),
                    gain(r, objective, sweep.examples(), experts)));
        }
        long fixed = sweep.router() == null ? 0
                : resident ? sweep.router().residentBytes() : sweep.router().fileBytes();
        double start = objective == Objective.AGREEMENT ? answeredByNoExpert(sweep) : 0;
        List<Point> front = List.of(new Point(fixed, gridMicros(sweep, shares), start, null, null));
        for (List<Option> opts : options.values()) {
            List<Point> next = new ArrayList<>();
            for (Point p : front) {
                for (Option o : opts) {
                    Point q = p.then(o);
                    if (latencyMicros == null || q.micros() <= latencyMicros + LATENCY_TOLERANCE) {
                        next.add(q); // latencies only add up: a plan over the limit stays over it
                    }
                }
            }
            front = latencyMicros == null ? prune(next) : pruneWithLatency(next);
        }
        List<String> ids = new ArrayList<>(options.keySet());
        List<PlanReport.Plan> plans = prune(front).stream().map(p -> plan(p, ids)).toList();
        PlanReport.Plan chosen = null;
        for (PlanReport.Plan p : plans) {
            if (p.bytes() <= budget) {
                chosen = p;
            }
        }
        Point allFloat = new Point(fixed, gridMicros(sweep, shares), start, null, null);
        for (List<Option> opts : options.values()) {
            allFloat = allFloat.then(opts.stream().filter(o -> o.variant().equals(Variant.FLOAT.name())).findFirst()
                    .orElseThrow());
        }
        return new PlanReport(sweep.target(), budget, latencyMicros, objective.wireName(),
                resident ? "resident" : "file", chosen != null, chosen, plan(allFloat, ids), plans);
    }

    /**
     * The share of the examples no expert answers (the float router sent them to the fallback): they agree
     * with the float grid in every plan, as the sweep's grid rows count them. Without it the planned
     * agreement read 0.9219 where every grid row read 1.0000 (the sample grid on unlabelled requests).
     */
    private static double answeredByNoExpert(SweepReport sweep) {
        if (sweep.examples() == 0) {
            return 0;
        }
        Map<String, Integer> own = new LinkedHashMap<>();
        sweep.models().forEach(r -> own.merge(r.expert(), r.examples(), Math::max));
        int answered = own.values().stream().mapToInt(Integer::intValue).sum();
        return Math.max(0, sweep.examples() - answered) / (double) sweep.examples();
    }

    /** The lowest latency any plan can have: every expert in its fastest variant (added up as the planner does). */
    public static double fastestMicros(SweepReport sweep) {
        return micros(sweep, Math::min);
    }

    /** The highest latency any plan can have: every expert in its slowest variant (for a slider's range). */
    public static double slowestMicros(SweepReport sweep) {
        return micros(sweep, Math::max);
    }

    /** The latency of the plan that takes, for each expert, the variant {@code pick} prefers by latency. */
    private static double micros(SweepReport sweep, BinaryOperator<Double> pick) {
        Map<String, Double> shares = shares(sweep);
        Map<String, Double> picked = new LinkedHashMap<>();
        for (SweepReport.ModelRow r : sweep.models()) {
            picked.merge(r.expert(), shares.get(r.expert()) * r.p50Micros(), pick);
        }
        double micros = gridMicros(sweep, shares);
        for (double m : picked.values()) {
            micros += m;
        }
        return micros;
    }

    /** Each expert's share of the examples (its route's), equal shares when none were counted. */
    private static Map<String, Double> shares(SweepReport sweep) {
        Map<String, Integer> examples = new LinkedHashMap<>();
        for (SweepReport.ModelRow r : sweep.models()) {
            examples.merge(r.expert(), r.examples(), Math::max);
        }
        double total = examples.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        examples.forEach((e, n) -> out.put(e, total > 0 ? n / total : 1.0 / examples.size()));
        return out;
    }

    /** The grid's own part of a request's latency: the float grid's p50 less its experts' (0 for a single model). */
    private static double gridMicros(SweepReport sweep, Map<String, Double> shares) {
        double experts = 0;
        for (SweepReport.ModelRow r : sweep.models()) {
            if (r.variant().equals(Variant.FLOAT.name())) {
                experts += shares.get(r.expert()) * r.p50Micros();
            }
        }
        double e = experts;
        return sweep.grid() == null ? 0 : sweep.grid().stream().filter(g -> g.variant().equals(Variant.FLOAT.name()))
                .mapToDouble(g -> Math.max(0, g.p50Micros() - e)).findFirst().orElse(0);
    }

    /** Sorted by bytes; a plan stays only if it beats every cheaper plan on the objective. */
    private static List<Point> prune(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingLong(Point::cost).thenComparing(Comparator.comparingDouble(Point::gain)
                .reversed()).thenComparingDouble(Point::micros));
        List<Point> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Point p : sorted) {
            if (p.gain() > best + 1e-12) {
                out.add(p);
                best = p.gain();
            }
        }
        return out;
    }

    /**
     * Keeps the plans no other plan beats in bytes, latency and objective at once. In order of bytes,
     * a plan is beaten when an earlier one is as good and as fast, give or take {@link
     * #LATENCY_SLACK_MICROS}: the earlier plans' best objective at each latency is a staircase (a
     * TreeMap from latency to objective, rising), so each test is one lookup instead of a comparison
     * with every plan kept.
     */
    private static List<Point> pruneWithLatency(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingLong(Point::cost).thenComparingDouble(Point::micros)
                .thenComparing(Comparator.comparingDouble(Point::gain).reversed()));
        TreeMap<Double, Double> stairs = new TreeMap<>();
        List<Point> out = new ArrayList<>();
        for (Point p : sorted) {
            Map.Entry<Double, Double> below = stairs.floorEntry(p.micros() + LATENCY_SLACK_MICROS);
            if (below != null && below.getValue() >= p.gain() - 1e-12) {
                continue;
            }
            out.add(p);
            stairs.tailMap(p.micros(), true).values().removeIf(g -> g <= p.gain());
            stairs.put(p.micros(), p.gain());
        }
        return out;
    }

    private static PlanReport.Plan plan(Point p, List<String> ids) {
        Map<String, String> v = new LinkedHashMap<>();
        List<String> choices = p.choices();
        for (int i = 0; i < ids.size(); i++) {
            v.put(ids.get(i), choices.get(i));
        }
        return new PlanReport.Plan(p.cost(), Math.round(p.gain() * 1e6) / 1e6, Math.round(p.micros() * 10) / 10.0,
                null, null, v);
    }

    private static double gain(SweepReport.ModelRow r, Objective o, int examples, long experts) {
        return switch (o) {
            case JOINT -> r.jointCorrect() == null || examples == 0 ? 0 : (double) r.jointCorrect() / examples;
            case EXPERTS -> r.accuracy() == null ? 0 : r.accuracy() / experts;
            case AGREEMENT -> r.top1Agreement() == null || examples == 0 ? 0
                    : r.top1Agreement() * r.examples() / examples;
        };
    }

    /** Parses "8MB", "1.5 GB", "512KiB", "300000" (bytes; K/M/G are powers of 1024, as the reports print). */
    public static long parseBytes(String s) {
        String t = s.strip().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"KB", "1024"},
            {"MB", "1048576"}, {"GB", "1073741824"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"}, {"B", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        double v = Double.parseDouble(t);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new NumberFormatException(s);
        }
        return (long) (v * unit);
    }
}
