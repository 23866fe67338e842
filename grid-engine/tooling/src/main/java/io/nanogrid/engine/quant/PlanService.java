package io.nanogrid.engine.quant;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The plan workflow, one service for `nanogrid plan` and the quantization lab: sweep every expert in
 * every variant (or take a saved sweep), let {@link BudgetPlanner} choose within the memory and latency
 * budgets, then quantize, run and measure the chosen grid and write it.
 */
public final class PlanService {
    private final ModelLoader loader;
    private final ModelQuantizer quantizer;

    public PlanService(ModelLoader loader, ModelQuantizer quantizer) {
        this.loader = loader;
        this.quantizer = quantizer;
    }

    /**
     * What to plan.
     *
     * @param target        the grid (or one model)
     * @param budgetBytes   memory budget for the whole grid, router included
     * @param latencyMicros latency budget per request (predicted from the sweep), or null for none
     * @param objective     what to maximize, or null for the sweep's default ({@link BudgetPlanner.Objective#defaultFor})
     * @param from          a saved sweep to plan from (checked against the grid), or null to sweep
     * @param fromSource    names {@code from} in messages
     * @param variants      the variants to sweep
     * @param base          the quantizer options the variants start from (format, keep, gather)
     * @param output        where to write the chosen grid (its models beside it), or null
     * @param requests      timed requests per latency figure
     */
    public record Job(GridTarget target, long budgetBytes, Double latencyMicros, BudgetPlanner.Objective objective,
            SweepReport from, String fromSource, List<Variant> variants, QuantizeOptions base, Path output,
            int requests) {
    }

    /**
     * How much each weight of one expert moves its output at 8, 4 and 2 bits (calibrated, one weight at a
     * time), on the examples of its route: what the quantization lab charts.
     */
    public Sensitivity sensitivity(GridTarget target, String expert, Dataset data, Progress progress) {
        return new ExpertSensitivity(loader).measure(target, expert, data, 32, 64, progress);
    }

    /** A plan and the sweep it was made from. */
    public record Outcome(PlanReport plan, SweepReport sweep) {
    }

    /** Sweeps every expert in every variant, writing the quantized models into {@code settings.modelsDir()}. */
    public SweepRunner.Result sweep(GridTarget target, Dataset data, List<Variant> variants,
            SweepRunner.Settings settings, Progress progress) {
        return new SweepRunner(loader, quantizer, settings).run(target.spec(), target.baseDir(), target.name(), data,
                variants, settings.modelsDir(), progress);
    }

    /** The planner's choice; a null objective takes the sweep's default. */
    public PlanReport plan(SweepReport sweep, long budgetBytes, Double latencyMicros,
            BudgetPlanner.Objective objective) {
        BudgetPlanner.Objective o = objective != null ? objective : BudgetPlanner.Objective.defaultFor(sweep);
        try {
            return new BudgetPlanner().plan(sweep, budgetBytes, latencyMicros, o);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /**
     * The whole workflow. {@code sweepData} gives the examples to sweep on (asked only when sweeping);
     * {@code measureData} the examples to run a plan made from a saved sweep on, or null when there are
     * none (the plan is then not measured). The plan is measured when it maximizes the joint accuracy.
     */
    public Outcome run(Job job, Supplier<Dataset> sweepData, Supplier<Dataset> measureData, Progress progress) {
        GridTarget t = job.target();
        GridPlans plans = new GridPlans(loader, quantizer);
        Path work = null;
        try {
            SweepReport sweep;
            SweepRunner.Result result = null;
            Dataset examples = null;
            if (job.from() != null) {
                checkSweepOf(job.from(), t, job.fromSource());
                sweep = job.from();
            } else {
                work = Files.createTempDirectory("nanogrid-plan-");
                examples = sweepData.get();
                result = sweep(t, examples, job.variants(), settings(job, work), progress);
                sweep = result.report();
            }
            PlanReport plan = plan(sweep, job.budgetBytes(), job.latencyMicros(), job.objective());
            boolean written = false;
            boolean joint = plan.objective().equals(BudgetPlanner.Objective.JOINT.wireName());
            if (plan.chosen() != null && joint && result != null) {
                plan = plans.measure(plan, t.spec(), t.baseDir(), result, examples, settings(job, work), progress);
            } else if (plan.chosen() != null && joint) {
                // planned from a saved sweep: quantize the chosen variants, then run the grid they make
                examples = measureData.get();
                if (examples != null) {
                    Path grid = job.output();
                    if (grid == null) {
                        work = Files.createTempDirectory("nanogrid-plan-");
                        grid = work.resolve("grid.json");
                    }
                    plans.write(plan.chosen(), t.spec(), t.baseDir(), null, job.base(), grid, progress);
                    written = job.output() != null;
                    plan = plans.measure(plan, grid, examples, settings(job, work), progress);
                }
            }
            if (plan.chosen() != null && job.output() != null && !written) {
                plans.write(plan.chosen(), t.spec(), t.baseDir(), result, job.base(), job.output(), progress);
            }
            return new Outcome(plan, sweep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + IoReasons.of(e), e);
        } finally {
            if (work != null) {
                SweepRunner.deleteTree(work);
            }
        }
    }

    /**
     * The examples a sweep measures when none are given: the experts' held-out data when the grid file names
     * it, or their models record it and the datasets folder is here; else requests shaped like the grid's input
     * (unlabelled: only agreement with the float grid can be measured).
     */
    public Dataset heldOutOrSamples(GridTarget target, Path dataRoot, int perRoute, Progress progress) {
        // the experts' data: what the grid file names (no datasets folder needed), or what their models record
        if (target.spec().router() != null && (dataRoot != null || target.spec().experts().stream()
                .anyMatch(e -> e.data() != null))) {
            try {
                Dataset test = RouterPool.heldOut(target.spec(), target.baseDir(), dataRoot, perRoute);
                if (!test.examples().isEmpty()) {
                    return test;
                }
            } catch (RuntimeException noData) {
                progress.update(0, -1, "no recorded data (" + noData.getMessage() + "): unlabelled requests");
            }
        }
        try (Grid g = Grid.open(target.spec(), target.baseDir(), loader)) {
            var stages = g.stages();
            List<Example> made = new ArrayList<>();
            int i = 0;
            for (var r : SampleRequests.make(stages.entryInput(), stages.entryModel().signature(), 64, 3)) {
                made.add(new Example(r, null, null, i++));
            }
            return new Dataset(SampleRequests.describe(stages.entryInput()), made, List.of());
        }
    }

    /** How sweeps and planned grids are timed: the job's requests per p50, examples on every core. */
    private static SweepRunner.Settings settings(Job job, Path work) {
        return new SweepRunner.Settings(Runtime.getRuntime().availableProcessors(), job.requests(),
                Math.min(100, job.requests()), true, work);
    }

    /** A saved sweep must be of this grid's experts, each with its float row. */
    private static void checkSweepOf(SweepReport sweep, GridTarget t, String source) {
        Set<String> swept = new TreeSet<>();
        Set<String> withFloat = new TreeSet<>();
        for (SweepReport.ModelRow r : sweep.models()) {
            swept.add(r.expert());
            if (Variant.FLOAT.name().equals(r.variant())) {
                withFloat.add(r.expert());
            }
        }
        Set<String> experts = new TreeSet<>(t.spec().experts().stream().map(ExpertSpec::id).toList());
        if (!swept.equals(experts)) {
            throw new BadInputException(source + " is a sweep of " + sweep.target() + " (experts " + swept
                    + "), not of " + t.name() + " (experts " + experts + "): sweep this grid first (nanogrid sweep "
                    + "GRID --json)");
        }
        if (!withFloat.equals(swept)) {
            swept.removeAll(withFloat);
            throw new BadInputException(source + ": no float row for " + swept + "; the planner compares every "
                    + "variant with the float model (sweep again)");
        }
    }
}
