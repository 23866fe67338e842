package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.bench.BenchReport;
import io.nanogrid.engine.bench.GridBenchmark;
import io.nanogrid.engine.bench.SessionsBenchmark;
import io.nanogrid.engine.bench.SessionsReport;
import io.nanogrid.engine.cli.AdapterOptions;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.cli.NumberChecks;
import io.nanogrid.engine.cli.RequestOptions;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.files.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure latency (p50/p90/p99/max in µs), throughput and resident memory of a model or grid.",
                "For a grid also overheadRatio: its p50 over the sum of its stages' own p50s, same run.",
                "With --sessions N: what each loaded copy of a model adds in memory and threads."})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL|GRID", description = "A model (.onnx) or a grid file (.json).")
    Path target;

    @Mixin
    AdapterOptions adapter;

    @Option(names = "--requests", paramLabel = "N", converter = NumberChecks.AtLeastOne.class,
            description = "Timed requests (default: ${DEFAULT-VALUE}).")
    int requests = 10_000;

    @Option(names = "--concurrency", paramLabel = "C", converter = NumberChecks.AtLeastOne.class,
            description = "Threads sending requests (default: ${DEFAULT-VALUE}).")
    int concurrency = 1;

    @Option(names = "--warmup", paramLabel = "N", converter = NumberChecks.AtLeastZero.class,
            description = "Untimed requests first (default: ${DEFAULT-VALUE}).")
    int warmup = 1000;

    @Option(names = "--sessions", paramLabel = "N", converter = NumberChecks.AtLeastTwo.class,
            description = "Instead: load the model N (2 or more) times and report the memory and threads each copy "
                    + "after the first adds.")
    Integer sessions;

    @ArgGroup(exclusive = true)
    RequestOptions request;

    @Mixin
    DataOptions data;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (sessions != null) {
            if (GridTarget.isGrid(target)) {
                throw new BadInputException("--sessions takes a model (.onnx), not a grid");
            }
            SessionsReport r = new SessionsBenchmark(root.runtime()).run(target, sessions,
                    new ConsoleProgress(spec.commandLine().getErr()));
            if (json) {
                out.println(Json.report().toJson(r));
            } else {
                out.printf("model        %s, %d copies loaded and run%n", r.model(), r.sessions());
                out.printf("memory       %s before, %s after: %s per copy%n", Formats.bytes(r.rssBeforeBytes()),
                        Formats.bytes(r.rssAfterBytes()), Formats.bytes(r.rssPerSessionBytes()));
                out.printf("threads      %d before, %d after%n", r.threadsBefore(), r.threadsAfter());
                out.printf("load time    %s ms per copy%n", Formats.fixed(r.loadMillisMean(), 2));
            }
            return Cli.OK;
        }
        try (Grid grid = Grid.open(adapter.apply(GridTarget.of(target)), root.runtime())) {
            grid.warnings().forEach(w -> spec.commandLine().getErr().println("nanogrid: warning: " + w));
            List<Request> samples;
            String source;
            if (request != null && request.given()) {
                samples = List.of(request.request());
                source = "the request given";
                DataFit.check(grid, target, samples.get(0), source);
            } else if (data.given()) {
                Dataset d = data.read(spec);
                DataFit.check(grid, target, d);
                samples = d.examples().stream().map(Example::request).toList();
                source = "examples of the data given";
            } else {
                var stages = grid.stages();
                samples = SampleRequests.make(stages.entryInput(), stages.entryModel().signature(), 64, 42);
                source = SampleRequests.describe(stages.entryInput());
            }
            BenchReport r = new GridBenchmark(new GridBenchmark.Settings(requests, concurrency, warmup))
                    .run(grid, target.toString(), samples, source, root.runtime().settings().intraOpThreads(),
                            new ConsoleProgress(spec.commandLine().getErr()));
            if (json) {
                out.println(Json.report().toJson(r));
            } else {
                text(r, out);
            }
            return Cli.OK;
        }
    }

    private static void text(BenchReport r, PrintWriter out) {
        out.printf("target       %s (%s)%n", r.target(), r.requestSource());
        out.printf("requests     %s on %d thread(s), ONNX Runtime intra-op threads %d%n", Formats.count(r.requests()),
                r.concurrency(), r.ortThreads());
        var l = r.latency();
        out.printf("latency µs   p50 %s  p90 %s  p99 %s  max %s%n", l.p50(), l.p90(), l.p99(), l.max());
        out.printf("throughput   %s requests/s%n", Formats.fixed(r.throughput(), 0));
        out.printf("memory       RSS %s, heap %s%n", Formats.bytes(r.rssBytes()), Formats.bytes(r.heapUsedBytes()));
        if (r.errors() > 0) {
            out.printf("errors       %s%n", Formats.count(r.errors()));
        }
        if (r.overheadRatio() != null) {
            Double encoder = r.stagesP50().get("encoder");
            out.printf("overhead     %sx (grid p50 %s µs vs stages %sfeaturize %s + router %s + expert %s µs)%n",
                    r.overheadRatio(), r.stagesP50().get("grid"), encoder == null ? "" : "encoder " + encoder + " + ",
                    r.stagesP50().get("featurize"), r.stagesP50().get("router"), r.stagesP50().get("expert"));
        }
    }
}
