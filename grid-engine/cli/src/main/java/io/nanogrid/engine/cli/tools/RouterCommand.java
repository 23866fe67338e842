package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.data.DataRoot;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    private static final String NO_ROUTE = "no route: the \"route\" field is missing or empty";

    @ParentCommand
    RootCommand root;
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

        @Option(names = "--per-route", paramLabel = "N", description = "Training examples drawn per route, at "
                + "least " + RouterDataOptions.MIN_PER_ROUTE + " (default: as the current router was trained, else "
                + "20000).")
        Integer perRoute;

        @Option(names = "--min-words", paramLabel = "N", description = "Leave out texts of fewer words, 0 to keep "
                + "all (default: as the current router was trained, else 3).")
        Integer minWords;

        @Option(names = "--skip-bad", description = "Skip malformed lines of --data (each is counted) instead of "
                + "stopping.")
        boolean skipBad;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        /** The options given (checked), else those the grid's current router records, else the defaults. */
        RouterDataOptions dataOptions(GridSpec grid, Path gridDir) {
            if (perRoute != null && perRoute < RouterDataOptions.MIN_PER_ROUTE) {
                throw new BadInputException("--per-route: expected at least " + RouterDataOptions.MIN_PER_ROUTE
                        + " training examples per route, got '" + perRoute + "'");
            }
            if (minWords != null && minWords < 0) {
                throw new BadInputException("--min-words: expected 0 or more, got '" + minWords + "'");
            }
            RouterDataOptions recorded = RouterPool.recordedOptions(grid, gridDir);
            RouterDataOptions options = recorded.with(perRoute != null ? perRoute : recorded.perRoute(),
                    minWords != null ? minWords : recorded.minWords(), exclude != null ? exclude : recorded.exclude());
            if (exclude != null) {
                RouterPool.checkExclude(grid, gridDir, options.exclude());
            }
            return options;
        }

        Path dataRoot() {
            if (dataDir != null) {
                return dataDir;
            }
            return DataRoot.findOrDefault();
        }

        /**
         * The user's routed requests: columns text and route, optionally label. Lines skipped (--skip-bad)
         * are counted on err.
         */
        Dataset extra(PrintWriter err) {
            if (data == null) {
                return null;
            }
            checkFile(data, "--data");
            boolean labelled = labelled(firstLine(data));
            Dataset read;
            try {
                read = TextDatasets.read(data, new DatasetOptions("text", labelled ? "label" : "route", "route", true,
                        skipBad, 0));
            } catch (BadInputException e) {
                throw labelled ? e : new BadInputException(noRoute(e.getMessage()), e);
            }
            List<Example> examples = new ArrayList<>();
            List<String> skipped = new ArrayList<>(labelled ? read.skipped()
                    : read.skipped().stream().map(Common::noRoute).toList());
            for (Example e : read.examples()) {
                if (e.route() != null) {
                    examples.add(e);
                } else if (skipBad) {
                    skipped.add(read.source() + " line " + e.line() + ": " + NO_ROUTE);
                } else {
                    throw new BadInputException(read.source() + " line " + e.line() + ": " + NO_ROUTE
                            + " (use --skip-bad to skip such lines)");
                }
            }
            if (examples.isEmpty()) {
                throw new BadInputException("cannot read data " + data + ": no examples (" + skipped.size()
                        + " malformed lines skipped)");
            }
            if (!skipped.isEmpty()) {
                err.println("nanogrid: skipped " + skipped.size() + " lines of " + read.source() + ", first: "
                        + skipped.get(0));
            }
            return new Dataset(read.source(), examples, skipped);
        }

        /** Without a label column the route is read as the label, so a missing label is a missing route. */
        private static String noRoute(String message) {
            return message.replace(": empty label", ": " + NO_ROUTE);
        }

        /** Whether the first line (a header, or a JSONL record) has a label; a header needs text and route. */
        private boolean labelled(String first) {
            String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
                return first.contains("\"label\"");
            }
            List<String> header = Arrays.stream(first.split(name.endsWith(".csv") ? "," : "\t"))
                    .map(h -> h.strip().replaceAll("^\"|\"$", "").toLowerCase(Locale.ROOT)).toList();
            for (String column : List.of("text", "route")) {
                if (!header.contains(column)) {
                    throw new BadInputException(data + " line 1: no column '" + column + "' in header " + header
                            + "; --data needs the columns text and route (and label, the expert's answer, if you "
                            + "have it)");
                }
            }
            return header.contains("label");
        }

        List<Request> oosRequests() {
            if (oos == null) {
                return List.of();
            }
            checkFile(oos, "--oos");
            return TextDatasets.lines(oos, new DatasetOptions(null, null, null, false, skipBad, 0)).examples().stream()
                    .map(Example::request).toList();
        }

        /** Refuses a path that is missing or a folder; the loaders name a line that is not UTF-8 themselves. */
        private static void checkFile(Path file, String option) {
            if (Files.isDirectory(file)) {
                throw new BadInputException(option + " " + file + ": is a folder; expected a file");
            }
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(option + " " + file + ": file not found");
            }
        }

        /** The first line of a text file (in its first 64 KB), which must be UTF-8. */
        private static String firstLine(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] head = in.readNBytes(1 << 16);
                int end = 0;
                while (end < head.length && head[end] != '\n') {
                    end++;
                }
                if (end == 1 << 16) { // a first line longer than this: its last character may be cut
                    return new String(head, StandardCharsets.UTF_8).strip();
                }
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(head, 0, end)).toString().strip();
            } catch (CharacterCodingException e) {
                throw new BadInputException(file + " line 1: not valid UTF-8", e);
            } catch (IOException e) {
                throw new BadInputException("--data " + file + ": cannot read it (" + IoReasons.of(e) + ")", e);
            }
        }
    }
}
