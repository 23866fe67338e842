package io.nanogrid.engine.cli;

import io.nanogrid.common.BadInputException;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.router.RouterDataOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `nanogrid router`: train and test a grid's router. */
@Command(name = "router", mixinStandardHelpOptions = true,
        subcommands = {RouterTrainCommand.class, RouterTestCommand.class},
        description = "Train a grid's router from its experts' data, and test it: routing, calibration, threshold, "
                + "joint grid accuracy.")
final class RouterCommand implements Runnable {
    @ParentCommand
    NanogridCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both subcommands take. */
    static final class Common {
        @Option(names = "--data", paramLabel = "FILE", description = "Your own labelled requests: TSV/CSV/JSONL with "
                + "columns text and route (and label, the expert's answer, for joint accuracy).")
        Path data;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "The datasets folder the experts' recorded "
                + "data paths are relative to (default: $NANOGRID_DATA, else ../shared/data beside the clone, else the data "
                + "catalogue's cache).")
        Path dataDir;

        @Option(names = "--oos", paramLabel = "FILE", description = "Out-of-scope requests, one a line: the share "
                + "reaching the fallback is reported.")
        Path oos;

        @Option(names = "--exclude", paramLabel = "ROUTE:LABEL", split = ",", description = "Leave an expert label "
                + "out of a route's data, e.g. langid:en (English text belongs to the English tasks). Default: as "
                + "the current router was trained.")
        List<String> exclude;

        @Option(names = "--per-route", paramLabel = "N", description = "Training examples drawn per route "
                + "(default: as the current router was trained, else 20000).")
        Integer perRoute;

        @Option(names = "--min-words", paramLabel = "N", description = "Leave out texts of fewer words (default: "
                + "as the current router was trained, else 3).")
        Integer minWords;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        /** The options given, else those the grid's current router records, else the defaults. */
        RouterDataOptions dataOptions(io.nanogrid.engine.grid.GridSpec grid, Path gridDir) {
            RouterDataOptions recorded = io.nanogrid.engine.router.RouterPool.recordedOptions(grid, gridDir);
            return recorded.with(perRoute != null ? perRoute : recorded.perRoute(),
                    minWords != null ? minWords : recorded.minWords(), exclude != null ? exclude : recorded.exclude());
        }

        Path dataRoot() {
            if (dataDir != null) {
                return dataDir;
            }
            return io.nanogrid.engine.data.DataRoot.findOrDefault();
        }

        /** The user's routed requests: columns text and route, optionally label. */
        Dataset extra() {
            if (data == null) {
                return null;
            }
            return TextDatasets.read(data, new DatasetOptions("text", hasLabel() ? "label" : "route", "route", true,
                    false, 0));
        }

        private boolean hasLabel() {
            try (var lines = Files.lines(data, StandardCharsets.UTF_8)) {
                String first = lines.findFirst().orElse("");
                return first.contains("\"label\"") || java.util.Arrays.stream(first.split("[\t,]"))
                        .anyMatch(h -> h.strip().equalsIgnoreCase("label"));
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new BadInputException("cannot read " + data + ": " + e.getMessage());
            }
        }

        List<Request> oosRequests() {
            if (oos == null) {
                return List.of();
            }
            try {
                return Files.readAllLines(oos, StandardCharsets.UTF_8).stream().map(String::strip)
                        .filter(s -> !s.isEmpty()).map(s -> (Request) new TextRequest(s)).toList();
            } catch (IOException e) {
                throw new BadInputException("cannot read --oos " + oos + ": " + e.getMessage());
            }
        }
    }
}
