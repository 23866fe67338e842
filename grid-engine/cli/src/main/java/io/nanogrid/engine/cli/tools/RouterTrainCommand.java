package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.router.FirstRouter;
import io.nanogrid.engine.router.RouterComparison;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.router.RouterReport;
import io.nanogrid.engine.router.RouterTrainer;
import io.nanogrid.engine.router.RouterTrainingResult;
import io.nanogrid.engine.train.Embeddings;
import io.nanogrid.files.Backups;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.CacheFolders;
import io.nanogrid.onnx.OnnxModels;
import java.io.PrintWriter;
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

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the grid's router on its experts' training data (and --data), calibrate it, choose the "
                + "threshold for the target misroute rate, and write the router model and threshold into the grid.",
                "Text grids learn hashed n-grams; image and tensor grids learn from the pixels or values of the "
                + "experts' data (recorded by nanogrid grid add). A grid without a router gets one (router.onnx).",
                "The previous router is kept as NAME.previous.onnx."})
final class RouterTrainCommand implements Callable<Integer> {
    @ParentCommand
    RouterCommand router;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GRID", description = "The grid file.")
    Path grid;

    @Mixin
    RouterCommand.Common common;

    @Option(names = "--model", paramLabel = "KIND", description = "logreg (default) or mlp.")
    String model = "logreg";

    @Option(names = "--target-misroute", paramLabel = "X", description = "Misroute rate the threshold keeps under, "
            + "on the calibration split: above 0, below 1 (default: ${DEFAULT-VALUE}).")
    double targetMisroute = 0.005;

    @Option(names = "--buckets", paramLabel = "B", description = "Hash buckets of the router's features, a power "
            + "of two from " + TrainCommand.MIN_BUCKETS + " to " + TrainCommand.MAX_BUCKETS + " (default: 262144).")
    Integer buckets;

    @Option(names = "--word-ngrams", paramLabel = "MIN,MAX", split = ",", description = "Word n-gram orders "
            + "(default: 1,2; 0 for none).")
    List<Integer> wordNgrams = List.of(1, 2);

    @Option(names = "--char-ngrams", paramLabel = "MIN,MAX", split = ",", description = "Character n-gram lengths "
            + "(default: 2,5; 0 for none).")
    List<Integer> charNgrams = List.of(2, 5);

    @Option(names = "--keep-case", description = "Do not lower-case requests before hashing; each training text is "
            + "then also given in another casing, so the router does not lean on a dataset's casing.")
    boolean keepCase;

    @Option(names = "--punctuation", paramLabel = "drop|tokens", description = "Punctuation and symbols: tokens "
            + "of their own (default), or dropped.")
    String punctuation = TextHashedNgramsSpec.PUNCTUATION_TOKENS;

    @Option(names = "--pooling", paramLabel = "mean|sqrt", description = "How a request's n-gram rows are pooled: "
            + "their sum / sqrt(n) (default) or their mean.")
    String pooling = RouterTrainer.POOLING;

    @Option(names = "--with-ngrams", description = "On a grid with an encoder: the router learns from the text's hashed "
            + "n-grams beside the encoder's embedding.")
    boolean withNgrams;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: 10 over text, 30 "
            + "over pixels or values).")
    Integer epochs;

    @Option(names = "--threads", paramLabel = "N", description = "Training threads (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        Path gridFile = grid.toAbsolutePath();
        GridSpec spec = GridFiles.read(gridFile);
        boolean hadRouter = spec.router() != null;
        if (spec.router() == null) {
            if (spec.experts().size() < 2) {
                throw new BadInputException(grid + ": a router needs at least two experts to choose between; the grid "
                        + "has " + spec.experts().size() + " (nanogrid grid add " + grid + " MODEL)");
            }
            // a grid built expert by expert: its first router routes to every expert, in the grid's order
            spec = FirstRouter.over(spec, FirstRouter.MODEL, grid.toString());
        }
        // every option is checked before the data is pooled, so a bad one fails at once and nothing is written
        RouterTrainer.Settings settings = new RouterTrainer.Settings(model, targetMisroute, threads, 42, features(),
                keepCase, pooling, epochs);
        RouterDataOptions options = common.dataOptions(spec, gridFile.getParent());
        PrintWriter err = spec().commandLine().getErr();
        Dataset extra = common.extra(err);
        List<Request> oos = common.oosRequests();
        RouterPool pool = RouterPool.build(spec, gridFile.getParent(), common.dataRoot(), extra, options);
        if (!oos.isEmpty() && !pool.train().isEmpty() && !(pool.train().get(0).request() instanceof TextRequest)) {
            throw new BadInputException("--oos holds text, but the grid's experts take " + pool.train().get(0)
                    .request().kind() + " requests");
        }
        pool.notes().forEach(n -> err.println("nanogrid: note: " + n));
        RouterTrainer.Encoding encoding = spec.encoder() == null ? null : new RouterTrainer.Encoding(spec.encoder(),
                gridFile.getParent(), new Embeddings(router.root.runtime(), CacheFolders.current().resolve("embeddings"),
                threads), withNgrams);
        if (withNgrams && encoding == null) {
            throw new BadInputException("--with-ngrams goes with a grid that has an encoder (nanogrid grid encoder)");
        }
        ConsoleProgress progress = new ConsoleProgress(err);
        RouterComparison.Figures before = current(hadRouter, gridFile.getParent(), spec, pool, oos, encoding, progress,
                err);
        RouterTrainingResult r = new RouterTrainer(router.root.runtime()).train(spec.router().routes(), pool, oos,
                settings, encoding, progress, null);
        RouterComparison comparison = new RouterComparison(before, RouterComparison.figures(pool,
                spec.router().routes(), r.decisions(), r.oosConfidence(), r.threshold()));
        GridSpec updated = spec.withRouter(spec.router().withThreshold(round(r.threshold())).withInput(null));
        GridValidator.validate(updated, grid.toString());
        Path routerFile = gridFile.getParent().resolve(spec.router().model());
        backup(routerFile);
        OnnxModels.write(r.model(), routerFile);
        GridFiles.write(updated, gridFile);
        Report report = new Report(routerFile.toString(), r.kind(), r.features(), r.threshold(), r.temperature(),
                r.trainSeconds(), r.trainSize(), r.testSize(), r.sources(), r.notes(), r.report(), comparison);
        PrintWriter out = spec().commandLine().getOut();
        if (common.json) {
            out.println(Json.report().toJson(report));
        } else {
            RouterTestCommand.printRouter(r.report(), out);
            out.printf("router      %s (%s over %s, temperature %.3f), trained in %.1f s on %s%n", routerFile,
                    r.kind(), r.features(), r.temperature(), r.trainSeconds(), r.trainSize());
            out.printf("grid        %s: threshold set to %.4f%n", grid, round(r.threshold()));
            printComparison(comparison, out);
        }
        return Cli.OK;
    }

    /** The router's features with --buckets, --word-ngrams, --char-ngrams, --keep-case and --punctuation. */
    private TextHashedNgramsSpec features() {
        int b = TrainCommand.checkedBuckets(buckets != null ? buckets : RouterTrainer.FEATURES.buckets());
        return TrainCommand.withNgrams(RouterTrainer.FEATURES.withBuckets(b), wordNgrams, charNgrams)
                .withLowercase(!keepCase).withPunctuation(TrainCommand.punctuation(punctuation));
    }

    private CommandSpec spec() {
        return spec;
    }

    /** What `router train --json` prints. */
    record Report(String router, String model, String features, double threshold, double temperature, double trainSeconds,
            Map<String, Integer> trainExamples, Map<String, Integer> testExamples, Map<String, String> sources,
            List<String> notes, RouterReport heldOut, RouterComparison comparison) {
    }

    /** The router about to be replaced, measured on the same requests as the new one; null without one. */
    private RouterComparison.Figures current(boolean hadRouter, Path dir, GridSpec spec, RouterPool pool,
            List<Request> oos, RouterTrainer.Encoding encoding, ConsoleProgress progress, PrintWriter err) {
        if (!hadRouter) {
            return null;
        }
        Double t = spec.router().threshold();
        try {
            return RouterComparison.before(dir.resolve(spec.router().model()), t != null ? t : 0.0,
                    spec.router().routes(), pool, oos, encoding, router.root.runtime(), progress);
        } catch (BadInputException e) {
            err.println("nanogrid: note: no before/after figures: " + e.getMessage());
            return null;
        }
    }

    /** Before and after, side by side: the grid's held-out requests, the user's own, the out-of-scope ones. */
    static void printComparison(RouterComparison c, PrintWriter out) {
        if (c.before() == null) {
            return;
        }
        out.printf("%-8s %22s %22s %24s %9s%n", "", "grid's held-out", "your requests", "out of scope to fallback",
                "coverage");
        for (int i = 0; i < 2; i++) {
            RouterComparison.Figures f = i == 0 ? c.before() : c.after();
            out.printf(Locale.ROOT, "%-8s %13.4f %8s %13s %8s %15s %8s %8.2f%%%n", i == 0 ? "before" : "after",
                    f.heldOutAccuracy(), "(" + f.heldOutN() + ")", f.userAccuracy() == null ? "-"
                            : String.format(Locale.ROOT, "%.4f", f.userAccuracy()), "(" + f.userN() + ")",
                    f.oosFallbackShare() == null ? "-" : String.format(Locale.ROOT, "%.1f%%",
                            100 * f.oosFallbackShare()), "(" + f.oosN() + ")", 100 * f.coverage());
        }
    }

    private static double round(double t) {
        return Math.round(t * 10_000) / 10_000.0;
    }

    /** Keeps the current router as NAME.previous.onnx before it is replaced (atomically, as every save). */
    private static void backup(Path routerFile) {
        if (Files.isRegularFile(routerFile)) {
            Backups.keep(routerFile, ".previous.onnx");
        }
    }
}
