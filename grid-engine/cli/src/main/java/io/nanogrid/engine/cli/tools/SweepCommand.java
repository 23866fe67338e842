package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.AdapterOptions;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.cli.NumberChecks;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.quant.SweepReport;
import io.nanogrid.engine.quant.SweepRunner;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Measure a model or a grid in every variant of bits, block and method.",
                "Quantizes the model (or every expert of a grid) in each variant and measures file bytes, resident "
                + "bytes, p50 latency, accuracy, and agreement with the float model (top-1 agreement, mean KL "
                + "divergence; these need no labels). For a grid also the whole grid's bytes against its joint "
                + "accuracy, per variant."})
final class SweepCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL|GRID", description = "A model (.onnx) or a grid file (.json).")
    Path target;

    @Mixin
    AdapterOptions adapter;

    @Mixin
    DataOptions data;

    @Mixin
    SweepInputs inputs;

    @Option(names = "--requests", paramLabel = "N", converter = NumberChecks.AtLeastOne.class,
            description = "Timed requests per latency figure (default: ${DEFAULT-VALUE}).")
    int requests = 1000;

    @Option(names = "--no-resident", description = "Do not measure resident memory (faster).")
    boolean noResident;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Keep the quantized models in DIR.")
    Path modelsDir;

    @Option(names = "--json", description = "Print JSON (keys models, grid, router, examples, labelled, routed).")
    boolean json;

    @Override
    public Integer call() {
        GridTarget t = adapter.apply(GridTarget.of(target));
        var variants = inputs.variants();
        var dataset = inputs.data(data, spec, t);
        DataFit.check(t.spec(), t.baseDir(), root.runtime(), target, dataset, spec.commandLine().getErr());
        var settings = new SweepRunner.Settings(Runtime.getRuntime().availableProcessors(), requests,
                Math.min(200, requests), !noResident, modelsDir);
        SweepReport r = new SweepRunner(root.runtime(), ModelQuantizer.standard(), settings)
                .run(t.spec(), t.baseDir(), t.name(), dataset, variants, new ConsoleProgress(spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.gson().toJson(r));
        } else {
            text(r, out);
        }
        return Cli.OK;
    }

    static void text(SweepReport r, PrintWriter out) {
        out.printf("target      %s%n", r.target());
        out.printf("data        %s (%s examples%s%s)%n", r.data(), Formats.count(r.examples()),
                r.labelled() ? ", labelled" : ", unlabelled: agreement only", r.routed() ? ", with routes" : "");
        if (r.router() != null) {
            out.printf("router      float, %s on disk, %s resident%n", Formats.bytes(r.router().fileBytes()),
                    Formats.bytes(r.router().residentBytes()));
        }
        out.printf("%n%-14s %-18s %10s %10s %9s %9s %8s %9s%n", "model", "variant", "file", "resident", "p50 µs",
                "accuracy", "top-1 =", "mean KL");
        for (SweepReport.ModelRow m : r.models()) {
            out.printf("%-14s %-18s %10s %10s %9s %9s %8s %9s%s%n", QuantizeCommand.abbreviate(m.expert(), 14),
                    m.variant(), Formats.bytes(m.fileBytes()), Formats.bytes(m.residentBytes()),
                    Formats.fixed(m.p50Micros(), 1), fixed(m.accuracy(), 4), fixed(m.top1Agreement(), 4),
                    fixed(m.meanKl(), 5), m.quantizedTensors() == 0 && m.bits() != null ? "  (nothing quantized)" : "");
        }
        if (!r.grid().isEmpty()) {
            out.printf("%n%-18s %10s %10s %9s %9s %8s %9s%n", "whole grid", "file", "resident", "p50 µs", "joint acc",
                    "top-1 =", "mean KL");
            for (SweepReport.GridRow g : r.grid()) {
                out.printf("%-18s %10s %10s %9s %9s %8s %9s%n", g.variant(), Formats.bytes(g.fileBytes()),
                        Formats.bytes(g.residentBytes()), Formats.fixed(g.p50Micros(), 1), fixed(g.jointAccuracy(), 4),
                        fixed(g.top1Agreement(), 4), fixed(g.meanKl(), 5));
            }
        }
    }

    static String fixed(Double v, int decimals) {
        return v == null ? "-" : Formats.fixed(v, decimals);
    }
}
