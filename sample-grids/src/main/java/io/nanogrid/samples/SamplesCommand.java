package io.nanogrid.samples;

import io.nanogrid.engine.catalogue.DataSettings;
import io.nanogrid.engine.catalogue.DataStore;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.data.DataRoot;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.CacheFolders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `nanogrid samples`: the sample grids. */
@Command(name = "samples", mixinStandardHelpOptions = true, subcommands = SamplesCommand.Build.class,
        description = "The sample grids (text-assistant, text-assistant-minilm, digits) and the builder that makes them from real data.")
public final class SamplesCommand implements Runnable {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Rebuild the sample grids' models from the datasets: train every expert, measure it, and "
                    + "write the models and grid files into the sample-grids folder."})
    static final class Build implements Callable<Integer> {
        static final String MINILM = "minilm";

        @ParentCommand
        SamplesCommand samples;
        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR", description = "The datasets, laid out as ../shared/data "
                + "(default: $NANOGRID_DATA, else ../shared/data, else the datasets are pulled into the cache).")
        Path data;

        @Option(names = "--mirror", paramLabel = "DIR|URL", description = "Where to pull the datasets from when they "
                + "are pulled (default: their upstream addresses).")
        String mirror;

        @Option(names = "--out", paramLabel = "DIR", description = "The sample-grids folder to write into "
                + "(default: sample-grids).")
        Path out = Path.of("sample-grids");

        @Option(names = "--only", paramLabel = "ID", split = ",", description = "Build only these (langid, sentiment, "
                + "spam, topic, intent, router, digits, minilm).")
        List<String> only;

        @Option(names = "--json", description = "Print the results as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Path dataDir = dataDir();
            if (!Files.isDirectory(out)) {
                throw new BadInputException("--out " + out + " is not a folder; run from the repository root or give "
                        + "--out DIR");
            }
            PrintWriter err = spec.commandLine().getErr();
            SampleBuilder builder = new SampleBuilder(samples.root.runtime(), dataDir, out, err);
            List<ExpertResult> results = new ArrayList<>();
            long t0 = System.nanoTime();
            for (TextRecipe r : Recipes.TEXT_ASSISTANT) {
                if (wanted(r.id())) {
                    results.add(builder.buildText(r, Progress.NONE));
                }
            }
            if (wanted("mlp") || wanted("digits")) {
                results.add(builder.buildDigits(Progress.NONE));
            }
            GridAssembler assembler = new GridAssembler(samples.root.runtime(), dataDir, out, err);
            if (only == null || only.contains("router")) {
                assembler.textAssistant(Progress.NONE);
            }
            if (only == null || only.contains("digits") || only.contains("mlp")) {
                assembler.digits();
            }
            MiniLmGridBuilder.Built minilm = null;
            if (wanted(MINILM)) {
                minilm = new MiniLmGridBuilder(samples.root.runtime(), EncoderSource.current(), CacheFolders.current(),
                        dataDir, out, Runtime.getRuntime().availableProcessors(), err).build(Progress.NONE);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(Json.report().toJson(new Report(results, minilm != null ? minilm.heads() : List.of(),
                        Math.round(seconds * 10) / 10.0)));
            } else {
                o.printf("%-10s %12s %12s %9s %9s %9s %9s%n", "expert", "parameters", "file bytes", "accuracy",
                        "held out", "p50 µs", "train s");
                for (ExpertResult r : results) {
                    o.printf(Locale.ROOT, "%-10s %,12d %,12d %9.4f %,9d %9.1f %9.1f%n", r.id(),
                            r.parameters(), r.fileBytes(), r.accuracy(), r.heldOut(), r.p50Micros(), r.trainSeconds());
                }
                if (minilm != null) {
                    o.printf("%n%-10s %9s %9s %9s  %s%n", "minilm", "head", "n-grams", "held out", "head features");
                    for (MiniLmGridBuilder.HeadResult h : minilm.heads()) {
                        o.printf(Locale.ROOT, "%-10s %9.4f %9.4f %,9d  %s%n", h.id(), h.headAccuracy(),
                                h.ngramAccuracy(), h.heldOut(), h.features());
                    }
                }
                o.printf(Locale.ROOT, "built in %.1f s%n", seconds);
            }
            return 0;
        }

        record Report(List<ExpertResult> experts, List<MiniLmGridBuilder.HeadResult> minilmHeads, double seconds) {
        }

        /** Pulls the sample grids' datasets into the cache (verified) and returns its data folder. */
        private Path pulled() {
            var store = DataStore.of(
                    DataSettings.current(null, mirror));
            PrintWriter err = spec.commandLine().getErr();
            for (String name : List.of("langid", "sst2", "sms_spam", "agnews", "snips", "mnist", "cnn_mnist")) {
                err.println("pulling " + name + " (nanogrid data pull " + name + ")");
                err.flush();
                store.pull(name, Progress.NONE);
            }
            return store.settings().cacheDir().resolve("data");
        }

        private boolean wanted(String id) {
            return only == null || only.contains(id);
        }

        private Path dataDir() {
            // the datasets where they are; else they are pulled into the cache (and checked)
            Path d = data != null ? data : DataRoot.findLocal();
            if (d == null) {
                return pulled();
            }
            if (!Files.isDirectory(d)) {
                throw new BadInputException("no datasets at " + d + "; give their folder with --data DIR");
            }
            return d;
        }
    }
}
