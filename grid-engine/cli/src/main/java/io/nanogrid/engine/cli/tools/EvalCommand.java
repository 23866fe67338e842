package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.AdapterOptions;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.cli.NumberChecks;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.eval.ClassMetrics;
import io.nanogrid.engine.eval.EvalReport;
import io.nanogrid.engine.eval.Evaluator;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.runtime.Grid;
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

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score a model or a grid on labelled data: accuracy, macro-F1, per-class precision and recall, "
                + "confusion matrix.",
                "A malformed line stops with its line number unless --skip-bad."})
final class EvalCommand implements Callable<Integer> {
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

    @Option(names = "--threads", paramLabel = "N", converter = NumberChecks.AtLeastOne.class,
            description = "Requests evaluated at once (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--min-accuracy", paramLabel = "X", converter = NumberChecks.Fraction.class,
            description = "Exit 1 when accuracy is below X (0..1).")
    Double minAccuracy;

    @Option(names = "--json", description = "Print JSON (keys accuracy, macroF1, n, labels, confusion, ...).")
    boolean json;

    @Override
    public Integer call() {
        Dataset d = data.read(spec);
        PrintWriter err = spec.commandLine().getErr();
        try (Grid grid = Grid.open(adapter.apply(GridTarget.of(target)), root.runtime())) {
            grid.warnings().forEach(w -> err.println("nanogrid: warning: " + w));
            DataFit.check(grid, target, d);
            EvalReport r = new Evaluator(threads).evaluate(grid, d, new ConsoleProgress(err));
            r.warnings().forEach(w -> err.println("nanogrid: warning: " + w));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.report().toJson(r));
            } else {
                text(r, out);
            }
            return minAccuracy != null && r.accuracy() < minAccuracy ? Cli.PROBLEM : Cli.OK;
        }
    }

    private static void text(EvalReport r, PrintWriter out) {
        out.printf("data        %s (%s examples, %.1f s)%n", r.source(), Formats.count(r.n()), r.seconds());
        out.printf("accuracy    %s%n", Formats.fixed(r.accuracy(), 4));
        out.printf("macro-F1    %s%n", Formats.fixed(r.macroF1(), 4));
        if (r.routeAccuracy() != null) {
            out.printf("routing     %s   joint (route and label right) %s%n", Formats.fixed(r.routeAccuracy(), 4),
                    Formats.fixed(r.jointAccuracy(), 4));
        }
        if (r.unanswered() > 0) {
            out.printf("unanswered  %s (errors or \"not sure\")%n", Formats.count(r.unanswered()));
        }
        r.errors().forEach(e -> out.printf("  error     %s%n", e));
        if (!r.skipped().isEmpty()) {
            out.printf("skipped     %d lines, first: %s%n", r.skipped().size(), r.skipped().get(0));
        }
        out.printf("%n%-24s %9s %9s %9s %9s%n", "label", "precision", "recall", "f1", "support");
        for (ClassMetrics c : r.perClass()) {
            out.printf("%-24s %9.4f %9.4f %9.4f %9d%n", c.label(), c.precision(), c.recall(), c.f1(), c.support());
        }
        if (r.labels().size() <= 20) {
            out.printf("%nconfusion (rows: true, columns: predicted)%n%-12s", "");
            for (String l : r.labels()) {
                out.printf(" %7s", abbreviate(l));
            }
            out.println();
            for (int i = 0; i < r.labels().size(); i++) {
                out.printf("%-12s", abbreviate(r.labels().get(i)));
                for (long v : r.confusion()[i]) {
                    out.printf(" %7d", v);
                }
                out.println();
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 12 ? s : s.substring(0, 11) + "…";
    }
}
