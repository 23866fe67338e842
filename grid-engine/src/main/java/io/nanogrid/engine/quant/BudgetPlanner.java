package io.nanogrid.engine.quant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    }

    private record Option(String variant, long cost, double gain) {
    }

    private record Point(long cost, double gain, List<String> choices) {
    }

    public PlanReport plan(SweepReport sweep, long budget, Objective objective) {
        if (objective != Objective.AGREEMENT && !sweep.labelled()) {
            throw new IllegalArgumentException("the data has no labels: plan for agreement instead");
        }
        boolean resident = sweep.models().stream().allMatch(r -> r.residentBytes() >= 0)
                && (sweep.router() == null || sweep.router().residentBytes() >= 0);
        Map<String, List<Option>> options = new LinkedHashMap<>();
        long experts = sweep.models().stream().map(SweepReport.ModelRow::expert).distinct().count();
        for (SweepReport.ModelRow r : sweep.models()) {
            options.computeIfAbsent(r.expert(), k -> new ArrayList<>()).add(new Option(r.variant(),
                    resident ? r.residentBytes() : r.fileBytes(), gain(r, objective, sweep.examples(), experts)));
        }
        long fixed = sweep.router() == null ? 0 : resident ? sweep.router().residentBytes() : sweep.router().fileBytes();
        List<Point> front = List.of(new Point(fixed, 0, List.of()));
        for (List<Option> opts : options.values()) {
            List<Point> next = new ArrayList<>();
            for (Point p : front) {
                for (Option o : opts) {
                    List<String> c = new ArrayList<>(p.choices());
                    c.add(o.variant());
                    next.add(new Point(p.cost() + o.cost(), p.gain() + o.gain(), c));
                }
            }
            front = prune(next);
        }
        List<String> ids = new ArrayList<>(options.keySet());
        List<PlanReport.Plan> plans = front.stream().map(p -> plan(p, ids)).toList();
        PlanReport.Plan chosen = null;
        for (PlanReport.Plan p : plans) {
            if (p.bytes() <= budget) {
                chosen = p;
            }
        }
        Point allFloat = new Point(fixed, 0, new ArrayList<>());
        for (List<Option> opts : options.values()) {
            Option f = opts.stream().filter(o -> o.variant().equals(Variant.FLOAT.name())).findFirst().orElseThrow();
            allFloat = new Point(allFloat.cost() + f.cost(), allFloat.gain() + f.gain(), append(allFloat.choices(),
                    f.variant()));
        }
        return new PlanReport(sweep.target(), budget, objective.wireName(), resident ? "resident" : "file",
                chosen != null, chosen, plan(allFloat, ids), plans);
    }

    private static List<String> append(List<String> l, String s) {
        List<String> out = new ArrayList<>(l);
        out.add(s);
        return out;
    }

    /** Sorted by bytes; a plan stays only if it beats every cheaper plan on the objective. */
    private static List<Point> prune(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingLong(Point::cost).thenComparing(Comparator.comparingDouble(Point::gain)
                .reversed()));
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

    private static PlanReport.Plan plan(Point p, List<String> ids) {
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            v.put(ids.get(i), p.choices().get(i));
        }
        return new PlanReport.Plan(p.cost(), Math.round(p.gain() * 1e6) / 1e6, null, v);
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
