package io.nanogrid.engine.cli.tools;

import com.google.gson.JsonObject;
import io.nanogrid.engine.cli.AdapterOptions;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.cli.NumberChecks;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.data.DataRoot;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.json.StrictFields;
import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.engine.quant.BudgetPlanner;
import io.nanogrid.engine.quant.PlanReport;
import io.nanogrid.engine.quant.PlanService;
import io.nanogrid.engine.quant.SweepReport;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Choose each expert's bits, block and method within a memory budget.",
                "Maximizes the grid's accuracy within a budget for the whole grid (router included) and shows the "
                + "Pareto front. It sweeps the experts on the data first (or reads a sweep's JSON with --from).",
                "With --latency the plan's predicted latency per request must fit too. Exit 1 when nothing fits."})
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GRID", description = "A grid file (.json), or a model (.onnx).")
    Path target;

    @Mixin
    AdapterOptions adapter;

    @Option(names = "--budget", required = true, paramLabel = "BYTES", description = "Memory budget for the whole "
            + "grid: 8MB, 512KB, 1.5GB or bytes (K/M/G are powers of 1024).")
    String budget;

    @Option(names = "--latency", paramLabel = "TIME", description = "Latency budget per request: 60us, 0.5ms or "
            + "microseconds. Predicted from the sweep: the grid's own part (the float grid's p50 less its experts') "
            + "plus the p50 of each expert's variant, weighted by its share of the requests.")
    String latency;

    @Option(names = "--objective", paramLabel = "joint|experts|agreement", description = "joint: the grid's joint "
            + "accuracy (default with labels); experts: mean expert accuracy; agreement: mean top-1 agreement with the "
            + "float experts (default without labels).")
    String objective;

    @Option(names = "--from", paramLabel = "SWEEP.json", description = "Plan from a sweep's JSON instead of sweeping.")
    Path from;

    @Option(names = {"-o", "--output"}, paramLabel = "GRID.json", description = "Write the chosen grid (its models "
            + "beside it).")
    Path output;

    @Mixin
    DataOptions data;

    @Mixin
    SweepInputs inputs;

    @Option(names = "--requests", paramLabel = "N", converter = NumberChecks.AtLeastOne.class,
            description = "Timed requests per latency figure (default: "
            + "${DEFAULT-VALUE}).")
    int requests = 300;

    @Option(names = "--force", description = "Allow -o to be GRID itself.")
    boolean force;

    @Option(names = "--json", description = "Print JSON (keys chosen, front, allFloat, budgetBytes, objective, ...).")
    boolean json;

    @Override
    public Integer call() {
        long bytes;
        try {
            bytes = BudgetPlanner.parseBytes(budget);
        } catch (NumberFormatException e) {
            throw new BadInputException("--budget " + budget + ": expected a size such as 8MB, 512KB or 1.5GB");
        }
        Double micros = latency == null ? null : micros(latency);
        GridTarget t = adapter.apply(GridTarget.of(target));
        if (output != null && !force && AtomicFiles.isSameFile(target, output)) {
            throw new BadInputException("refusing to overwrite " + target + " with the planned grid; give another -o, "
                    + "or add --force");
        }
        SweepReport saved = from == null ? null : readSweep(from);
        PlanService.Job job = new PlanService.Job(t, bytes, micros, objective == null ? null : objective(objective),
                saved, from == null ? null : from.toString(), inputs.variants(), inputs.base(), output, requests);
        PlanService.Outcome outcome = new PlanService(root.runtime(), ModelQuantizer.standard()).run(job,
                () -> fittingData(t), () -> measuringData(t, saved), new ConsoleProgress(spec.commandLine().getErr()));
        PlanReport plan = outcome.plan();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.gson().toJson(plan));
        } else {
            text(plan, out);
        }
        Double measuredMicros = plan.chosen() == null ? null : plan.chosen().measuredLatencyMicros();
        if (micros != null && measuredMicros != null && measuredMicros > micros) {
            spec.commandLine().getErr().printf("nanogrid: warning: the planned grid's measured p50 (%s µs) is over "
                    + "the %s µs budget; the plan was chosen on the sweep's p50s, and the load on this machine "
                    + "varies%n", Formats.fixed(measuredMicros, 1), Formats.fixed(micros, 1));
        }
        if (!plan.fits()) {
            spec.commandLine().getErr().println(plan.front().isEmpty()
                    ? String.format("nanogrid: no plan fits %s µs: the fastest grid takes %s µs (predicted)",
                            Formats.fixed(micros, 2), Formats.fixed(BudgetPlanner.fastestMicros(outcome.sweep()), 2))
                    : String.format("nanogrid: no plan fits %s%s: the smallest grid%s takes %s",
                            Formats.bytes(bytes), micros == null ? "" : " and " + Formats.fixed(micros, 1) + " µs",
                            micros == null ? "" : " within the latency",
                            Formats.bytes(plan.front().get(0).bytes())));
            return Cli.PROBLEM;
        }
        return Cli.OK;
    }

    /**
     * The data to run a plan made from a saved sweep on: --data, or the grid's own held-out data when the
     * datasets folder is here; null (with a note) when there is none, since planning alone needs no data.
     */
    private Dataset measuringData(GridTarget t, SweepReport sweep) {
        PrintWriter err = spec.commandLine().getErr();
        if (!data.given() && (t.spec().router() == null || DataRoot.find() == null)) {
            err.println("nanogrid: the plan is not measured: no data (give --data, or the datasets folder)");
            return null;
        }
        Dataset d;
        try {
            d = fittingData(t);
        } catch (BadInputException e) {
            if (data.given()) {
                throw e;
            }
            err.println("nanogrid: the plan is not measured: " + e.getMessage());
            return null;
        }
        if (d.size() != sweep.examples()) {
            err.printf("nanogrid: measuring on %s (%,d examples); the sweep measured %s (%,d examples)%n",
                    d.source(), d.size(), sweep.data(), sweep.examples());
        }
        return d;
    }

    /** The data (--data, or the grid's held-out data), refused up front when its kind does not fit the grid. */
    private Dataset fittingData(GridTarget t) {
        Dataset d = inputs.data(data, spec, t);
        DataFit.check(t.spec(), t.baseDir(), root.runtime(), target, d, spec.commandLine().getErr());
        return d;
    }

    /** "60us", "60µs", "0.5ms" or a number of microseconds. */
    static double micros(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        double unit = 1;
        if (t.endsWith("ms")) {
            unit = 1000;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("us") || t.endsWith("µs")) {
            t = t.substring(0, t.length() - 2);
        }
        try {
            double v = Double.parseDouble(t) * unit;
            if (v > 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException("--latency " + s + ": expected a time such as 60us or 0.5ms");
    }

    private static BudgetPlanner.Objective objective(String s) {
        try {
            return BudgetPlanner.Objective.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--objective " + s + ": expected joint, experts or agreement");
        }
    }

    /** A sweep's JSON; anything else (a bits profile, a grid, a string) is refused naming the file. */
    private static SweepReport readSweep(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + IoReasons.of(e), e);
        }
        String notSweep = "not a sweep report (expected a JSON object written by nanogrid sweep --json)";
        JsonObject tree = VersionedJson.object(text, file.toString(), notSweep);
        List<String> problems = StrictFields.check(tree, SweepReport.class);
        if (!problems.isEmpty()) {
            throw new BadInputException(file + ": " + notSweep + ": " + problems.get(0));
        }
        SweepReport r;
        try {
            r = Json.gson().fromJson(tree, SweepReport.class);
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": " + notSweep + ": " + VersionedJson.cause(e), e);
        }
        if (r.models() == null || r.models().isEmpty()) {
            throw new BadInputException(file + ": " + notSweep + ": it has no models");
        }
        return r;
    }

    private static void text(PlanReport p, PrintWriter out) {
        String what = switch (p.objective()) {
            case "joint" -> "joint accuracy";
            case "experts" -> "mean expert accuracy";
            default -> "top-1 agreement with float";
        };
        out.printf("budget      %s for the whole grid (%s bytes)%s, maximizing %s%n", Formats.bytes(p.budgetBytes()),
                p.costBasis().equals("resident") ? "resident, measured," : "file", p.latencyBudgetMicros() == null ? ""
                        : " and " + Formats.fixed(p.latencyBudgetMicros(), 1) + " µs per request", what);
        if (p.chosen() != null) {
            PlanReport.Plan c = p.chosen();
            out.printf("chosen      %s, %s µs per request predicted%s, %s %s predicted%s%n", Formats.bytes(c.bytes()),
                    Formats.fixed(c.latencyMicros(), 1), c.measuredLatencyMicros() == null ? ""
                            : " (p50 " + Formats.fixed(c.measuredLatencyMicros(), 1) + " µs measured)", what,
                    Formats.fixed(c.predicted(), 4), c.measured() == null ? ""
                            : ", " + Formats.fixed(c.measured(), 4) + " measured");
            for (Map.Entry<String, String> e : p.chosen().variants().entrySet()) {
                out.printf("  %-16s %s%n", e.getKey(), e.getValue());
            }
        }
        out.printf("all float   %s, %s µs per request, %s %s%n", Formats.bytes(p.allFloat().bytes()),
                Formats.fixed(p.allFloat().latencyMicros(), 1), what, Formats.fixed(p.allFloat().predicted(), 4));
        out.printf("%nPareto front (%d plans%s): bytes, µs per request, %s, variants%n", p.front().size(),
                p.latencyBudgetMicros() == null ? "" : " within the latency", what);
        for (PlanReport.Plan f : p.front()) {
            out.printf("  %10s  %7s  %s  %s%n", Formats.bytes(f.bytes()), Formats.fixed(f.latencyMicros(), 1),
                    Formats.fixed(f.predicted(), 4),
                    String.join(" ", f.variants().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .toList()));
        }
    }
}
