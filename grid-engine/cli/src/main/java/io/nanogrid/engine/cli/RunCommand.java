package io.nanogrid.engine.cli;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.decode.TensorAnswer;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.ResponseJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Send one request through a grid (or a single model) and print the answer.",
                "Exit code 1 when the request got no answer (an error with no fallback to answer instead)."})
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GRID", description = "A grid file (.json) or a model (.onnx).")
    Path target;

    @ArgGroup(exclusive = true, multiplicity = "1")
    RequestOptions request;

    @Option(names = "--json", description = "Print JSON (keys route, confidence, result, timings, degraded, error).")
    boolean json;

    @Override
    public Integer call() {
        try (Grid grid = Grid.open(GridTarget.of(target), root.runtime())) {
            grid.warnings().forEach(w -> spec.commandLine().getErr().println("nanogrid: warning: " + w));
            GridResponse r = grid.route(request.request());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ResponseJson.of(r));
            } else {
                text(r, out);
            }
            if (r.refused()) {
                spec.commandLine().getErr().println("nanogrid: " + r.error().message());
                return Cli.BAD_INPUT;
            }
            if (r.error() != null) {
                spec.commandLine().getErr().println("nanogrid: " + (r.result() != null ? "answered by the fallback: "
                        : "") + r.error().message());
            }
            return r.error() != null && r.result() == null ? Cli.PROBLEM : Cli.OK;
        }
    }

    private static void text(GridResponse r, PrintWriter out) {
        if (r.routerChoice() != null) {
            out.printf("route       %s (router chose %s with confidence %s)%s%n", r.route(), r.routerChoice(),
                    Formats.fixed(r.confidence(), 3), r.fallback() ? ", below the threshold: fallback" : "");
        } else {
            out.printf("route       %s%n", r.route());
        }
        if (r.result() instanceof LabelAnswer a) {
            out.printf("answer      %s (%s)%n", a.label(), Formats.fixed(a.score(), 3));
            out.printf("top         %s%n", top(a.probabilities(), 5));
        } else if (r.result() instanceof TensorAnswer t) {
            out.printf("answer      tensor %s of %d values%n", Arrays.toString(t.shape()),
                    t.values().length);
        } else if (r.error() == null) {
            out.println("answer      not sure");
        }
        if (r.error() != null) {
            out.printf("error       %s: %s%n", r.error().code().wireName(), r.error().message());
        }
        var t = r.timings();
        out.printf("timings     featurize %s µs, router %s µs, expert %s µs, total %s µs%n", t.featurize(), t.router(),
                t.expert(), t.total());
    }

    private static String top(Map<String, Double> p, int k) {
        return p.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(k).map(e -> e.getKey() + " " + Formats.fixed(e.getValue(), 3))
                .collect(Collectors.joining(", "));
    }
}
