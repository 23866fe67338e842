package io.nanogrid.app.quantlab;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.document.GridPaths;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.quant.BudgetPlanner;
import io.nanogrid.engine.quant.PlanReport;
import io.nanogrid.engine.quant.PlanService;
import io.nanogrid.engine.quant.Sensitivity;
import io.nanogrid.engine.quant.SweepReport;
import io.nanogrid.engine.quant.SweepRunner;
import io.nanogrid.engine.quant.Variant;
import io.nanogrid.onnx.WeightBits;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The quantization lab: sweep every expert over bits x block x method, see bytes, latency,
 * accuracy and agreement side by side, let the planner choose the bits of each expert for a
 * memory budget, and apply that plan to the grid (undoable).
 */
public final class QuantLabViewModel {
    private final Supplier<GridDocument> document;
    private final PlanService plans;
    private final TaskRunner tasks;
    private final Supplier<Path> dataDir;
    private final Map<String, BooleanProperty> bits = WeightBits.WIDTHS.stream().collect(Collectors.toMap(
            String::valueOf, w -> new SimpleBooleanProperty(true)));
    private final Map<String, BooleanProperty> blocks = Map.of("32", new SimpleBooleanProperty(true), "128",
            new SimpleBooleanProperty(false));
    private final Map<String, BooleanProperty> methods = Map.of("rtn", new SimpleBooleanProperty(true), "search",
            new SimpleBooleanProperty(false));
    private final BooleanProperty dynamic = new SimpleBooleanProperty(false);
    private final ObjectProperty<Sensitivity> sensitivity = new SimpleObjectProperty<>();
    private final ObjectProperty<SweepRunner.Result> sweep = new SimpleObjectProperty<>();
    private final ObservableList<SweepReport.ModelRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<PlanReport> plan = new SimpleObjectProperty<>();
    private final DoubleProperty budget = new SimpleDoubleProperty();
    private final DoubleProperty latencyBudget = new SimpleDoubleProperty(Double.POSITIVE_INFINITY);
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("Choose the variants and run a sweep.");
    private final int examplesPerRoute;

    /**
     * @param examplesPerRoute held-out examples per route a sweep measures (more: slower, steadier)
     */
    public QuantLabViewModel(Supplier<GridDocument> document, PlanService plans, TaskRunner tasks,
            Supplier<Path> dataDir, int examplesPerRoute) {
        this.document = document;
        this.plans = plans;
        this.tasks = tasks;
        this.dataDir = dataDir;
        this.examplesPerRoute = examplesPerRoute;
        budget.addListener((o, a, b) -> replan());
        latencyBudget.addListener((o, a, b) -> replan());
    }

    public BooleanProperty bits(String b) {
        return bits.get(b);
    }

    public BooleanProperty block(String b) {
        return blocks.get(b);
    }

    public BooleanProperty method(String m) {
        return methods.get(m);
    }

    /** Also the dynamic int8 variants (int8 weights, activations quantized per call) for each block and method. */
    public BooleanProperty dynamic() {
        return dynamic;
    }

    /** The last sensitivity measured (one expert's weights at 8, 4 and 2 bits), or null. */
    public ObjectProperty<Sensitivity> sensitivity() {
        return sensitivity;
    }

    /**
     * Measures how much each weight of one expert moves its output at 8, 4 and 2 bits, calibrated on its
     * held-out examples (in the background).
     */
    public void runSensitivity(String expert) {
        GridDocument doc = document.get();
        GridSpec spec = doc.spec();
        if (spec.experts().stream().noneMatch(e -> e.id().equals(expert))) {
            message.set("Choose an expert to measure its weights' sensitivity.");
            return;
        }
        Path base = doc.baseDir();
        busy.set(true);
        message.set("Measuring the sensitivity of " + expert + "'s weights...");
        tasks.run("Sensitivity of " + expert, progress -> {
            GridTarget target = new GridTarget(spec, base, spec.name(), false);
            Dataset data = plans.heldOutOrSamples(target, dataDir.get(), examplesPerRoute, progress);
            return plans.sensitivity(target, expert, data, progress);
        }, result -> {
            busy.set(false);
            sensitivity.set(result);
            message.set("Sensitivity of " + expert + ": output error with one weight quantized alone, on "
                    + result.examples() + " examples.");
        }, e -> {
            busy.set(false);
            message.set("Sensitivity failed: " + e.getMessage());
        });
    }

    public ObjectProperty<SweepRunner.Result> sweep() {
        return sweep;
    }

    public ObservableList<SweepReport.ModelRow> rows() {
        return rows;
    }

    public ObjectProperty<PlanReport> plan() {
        return plan;
    }

    /** The memory budget for the whole grid, in bytes. */
    public DoubleProperty budget() {
        return budget;
    }

    /**
     * The latency budget per request, µs, predicted from the sweep ({@link BudgetPlanner}); at or above
     * the top of {@link #latencyRange()} (or infinite) there is none.
     */
    public DoubleProperty latencyBudget() {
        return latencyBudget;
    }

    /** The fastest and the slowest grid the sweep can make, predicted µs per request (for the latency slider). */
    public double[] latencyRange() {
        SweepRunner.Result r = sweep.get();
        return r == null ? new double[] {0, 0} : new double[] {BudgetPlanner.fastestMicros(r.report()),
            BudgetPlanner.slowestMicros(r.report())};
    }

    /**
     * What the scatter's vertical axis and the plan measure: "accuracy" with labelled examples, "agreement
     * with float" (top-1 agreement with the float grid) without labels.
     */
    public StringBinding measure() {
        return Bindings.createStringBinding(() -> sweep.get() != null && !sweep.get().report().labelled()
                ? "agreement with float" : "accuracy", sweep);
    }

    public BooleanProperty busy() {
        return busy;
    }

    public StringProperty message() {
        return message;
    }

    /** The variants ticked, float first. */
    public List<Variant> variants() {
        List<Integer> b = new ArrayList<>();
        List<Integer> k = new ArrayList<>();
        List<QuantMethod> m = new ArrayList<>();
        bits.forEach((name, on) -> {
            if (on.get()) {
                b.add(Integer.parseInt(name));
            }
        });
        blocks.forEach((name, on) -> {
            if (on.get()) {
                k.add(Integer.parseInt(name));
            }
        });
        methods.forEach((name, on) -> {
            if (on.get()) {
                m.add(QuantMethod.parse(name));
            }
        });
        b.sort(Comparator.reverseOrder());
        k.sort(null);
        QuantizeOptions base = QuantizeOptions.of(new QuantSpec(4, 32, QuantMethod.RTN, false));
        List<Variant> out = new ArrayList<>(Variant.grid(b, k, m, false, base));
        if (dynamic.get()) {
            out.addAll(Variant.grid(List.of(8), k, m, false, base, List.of(OutputFormat.DYNAMIC)).subList(1,
                    k.size() * m.size() + 1));
        }
        return out;
    }

    /** Sweeps every expert in every ticked variant (in the background; the models are kept beside the grid). */
    public void runSweep() {
        GridDocument doc = document.get();
        GridSpec spec = doc.spec();
        if (spec.experts().isEmpty()) {
            message.set("The grid has no experts to quantize.");
            return;
        }
        List<Variant> variants = variants();
        if (variants.size() < 2) {
            message.set("Tick at least one number of bits, one block size and one method.");
            return;
        }
        Path base = doc.baseDir();
        Path out = base.resolve("quantized");
        busy.set(true);
        message.set("Sweeping " + spec.experts().size() + " experts x " + (variants.size() - 1) + " variants...");
        tasks.run("Quantization sweep", progress -> {
            GridTarget target = new GridTarget(spec, base, spec.name(), false);
            Dataset data = plans.heldOutOrSamples(target, dataDir.get(), examplesPerRoute, progress);
            var settings = new SweepRunner.Settings(Math.max(1, Runtime.getRuntime().availableProcessors()), 300,
                    100, true, out);
            return plans.sweep(target, data, variants, settings, progress);
        }, result -> {
            busy.set(false);
            sweep.set(result);
            rows.setAll(result.report().models());
            latencyBudget.set(Double.POSITIVE_INFINITY);
            double max = budgetRange()[1];
            if (budget.get() == max) {
                replan();
            } else {
                budget.set(max);
            }
            message.set("Swept " + result.report().examples() + " examples" + (result.report().labelled() ? ""
                    : " (unlabelled: agreement with the float grid, not accuracy)") + "; move the budget to plan.");
        }, e -> {
            busy.set(false);
            message.set("Sweep failed: " + e.getMessage());
        });
    }

    private void replan() {
        SweepRunner.Result r = sweep.get();
        if (r == null) {
            return;
        }
        double latency = latencyBudget.get();
        Double limit = latency < latencyRange()[1] ? latency : null;
        plan.set(plans.plan(r.report(), (long) budget.get(), limit, null));
    }

    /**
     * The smallest and largest grid the sweep can make, resident bytes: the router plus each expert's
     * smallest variant, and the router plus each expert's largest (for the budget slider).
     */
    public long[] budgetRange() {
        SweepRunner.Result r = sweep.get();
        if (r == null) {
            return new long[] {0, 0};
        }
        long router = r.report().router() != null ? r.report().router().residentBytes() : 0;
        Map<String, long[]> perExpert = new LinkedHashMap<>();
        for (SweepReport.ModelRow m : r.report().models()) {
            long[] mm = perExpert.computeIfAbsent(m.expert(), k -> new long[] {Long.MAX_VALUE, 0});
            mm[0] = Math.min(mm[0], m.residentBytes());
            mm[1] = Math.max(mm[1], m.residentBytes());
        }
        long min = router + perExpert.values().stream().mapToLong(a -> a[0]).sum();
        long max = router + perExpert.values().stream().mapToLong(a -> a[1]).sum();
        return new long[] {min, max};
    }

    /** Points every expert at the model the chosen plan gives it: one undoable edit. */
    public void apply() {
        PlanReport p = plan.get();
        SweepRunner.Result r = sweep.get();
        if (p == null || p.chosen() == null || r == null) {
            message.set("No plan fits this budget.");
            return;
        }
        GridDocument doc = document.get();
        Map<String, String> choice = p.chosen().variants();
        doc.apply("Apply quantization plan", s -> s.withExperts(s.experts().stream().map(e -> {
            String v = choice.get(e.id());
            Path file = v == null ? null : r.files().getOrDefault(e.id(), Map.of()).get(v);
            return file == null ? e : e.withModel(GridPaths.relative(doc.baseDir(), file));
        }).toList()));
        message.set("Applied: " + choices(doc.spec(), choice) + " (Edit > Undo goes back; save to keep it).");
    }

    /** A plan's choice as people read it, in the grid's expert order: "sentiment q4-b32-rtn, spam fp32". */
    static String choices(GridSpec spec, Map<String, String> choice) {
        List<String> parts = new ArrayList<>();
        spec.experts().forEach(e -> {
            if (choice.containsKey(e.id())) {
                parts.add(e.id() + " " + choice.get(e.id()));
            }
        });
        choice.forEach((e, v) -> {
            if (spec.expert(e).isEmpty()) {
                parts.add(e + " " + v);
            }
        });
        return String.join(", ", parts);
    }
}
