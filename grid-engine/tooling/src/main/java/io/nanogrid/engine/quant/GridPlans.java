package io.nanogrid.engine.quant;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.Backups;
import io.nanogrid.files.IoReasons;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Runs and writes a planned grid: each expert in its chosen variant, the router float. */
public final class GridPlans {
    private final ModelLoader loader;
    private final ModelQuantizer quantizer;

    public GridPlans(ModelLoader loader, ModelQuantizer quantizer) {
        this.loader = loader;
        this.quantizer = quantizer;
    }

    /**
     * The plan with its joint accuracy and its p50 measured by running the planned grid on the data
     * (the p50 as the sweep measured the float grid's: {@code settings}' requests on one thread).
     */
    public PlanReport measure(PlanReport plan, GridSpec spec, Path baseDir, SweepRunner.Result sweep, Dataset data,
            SweepRunner.Settings settings, Progress progress) {
        GridSpec planned = SweepRunner.withModels(spec, baseDir,
                e -> sweep.files().get(e).get(plan.chosen().variants().get(e)));
        return measure(plan, planned, baseDir, data, settings, progress);
    }

    /** The same, for a planned grid already written by {@link #write} (a plan made from a saved sweep). */
    public PlanReport measure(PlanReport plan, Path written, Dataset data, SweepRunner.Settings settings,
            Progress progress) {
        Path dir = written.toAbsolutePath().getParent();
        return measure(plan, GridFiles.read(written), dir, data, settings, progress);
    }

    private PlanReport measure(PlanReport plan, GridSpec planned, Path baseDir, Dataset data,
            SweepRunner.Settings settings, Progress progress) {
        progress.update(0, -1, "running the planned grid");
        try (Grid g = Grid.open(planned, baseDir, loader)) {
            List<Integer> all = IntStream.range(0, data.size()).boxed().toList();
            Answers a = Answers.collect(g, data.examples(), Runtime.getRuntime().availableProcessors(), progress);
            Double measured = a.accuracy(data.examples(), all);
            double p50 = Latency.p50Micros(g, SweepRunner.requests(data.examples(), all), settings.latencyWarmup(),
                    settings.latencyRequests());
            return new PlanReport(plan.target(), plan.budgetBytes(), plan.latencyBudgetMicros(), plan.objective(),
                    plan.costBasis(), plan.fits(), plan.chosen().withMeasured(measured, Math.round(p50 * 10) / 10.0),
                    plan.allFloat(), plan.front());
        }
    }

    /**
     * Writes the planned grid to {@code output} with its models beside it ("expert.variant.onnx"; the
     * router copied as it is, under its own name). Models come from the sweep's folder, or are quantized again.
     */
    public void write(PlanReport.Plan plan, GridSpec spec, Path baseDir, SweepRunner.Result sweep,
            QuantizeOptions base, Path output, Progress progress) {
        Path dir = output.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            List<ExpertSpec> experts = new ArrayList<>();
            for (ExpertSpec e : spec.experts()) {
                String variant = plan.variants().get(e.id());
                Path source = baseDir.resolve(e.model());
                String name = e.id() + "." + variant + ".onnx";
                Path made = sweep != null ? sweep.files().get(e.id()).get(variant) : null;
                Variant v = Variant.parse(variant, base);
                if (made != null) {
                    copy(made, dir.resolve(name));
                } else if (v.isFloat()) {
                    copy(source, dir.resolve(name));
                } else {
                    var o = new QuantizeService(loader, quantizer).quantize(source, dir.resolve(name), v.options(),
                            false, false, progress);
                    if (o.nothingQuantized()) {
                        copy(source, dir.resolve(name));
                    }
                }
                experts.add(e.withModel(name));
            }
            GridSpec out = spec.withExperts(experts);
            if (spec.router() != null) {
                String router = routerName(spec.router().model(), experts);
                copy(baseDir.resolve(spec.router().model()), dir.resolve(router));
                out = out.withRouter(spec.router().withModel(router));
            }
            GridFiles.write(out, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + IoReasons.of(e), e);
        }
    }

    /** The router's own file name, unless an expert's file took it. */
    static String routerName(String routerModel, List<ExpertSpec> experts) {
        String name = Path.of(routerModel).getFileName().toString();
        boolean taken = experts.stream().anyMatch(e -> e.model().equals(name));
        return taken ? "router." + name : name;
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!from.toAbsolutePath().equals(to.toAbsolutePath())) {
            Backups.copy(from, to);
        }
    }

    public static void deleteTree(Path dir) {
        SweepRunner.deleteTree(dir);
    }
}
