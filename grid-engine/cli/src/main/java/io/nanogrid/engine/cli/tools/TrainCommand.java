package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.eval.EvalReport;
import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.train.Embeddings;
import io.nanogrid.engine.train.EpochStats;
import io.nanogrid.engine.train.HeadTraining;
import io.nanogrid.engine.train.HeadTrainingRequest;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.engine.train.TextTrainingRequest;
import io.nanogrid.engine.train.TrainerConfig;
import io.nanogrid.engine.train.TrainingOutcome;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.CacheFolders;
import io.nanogrid.onnx.OnnxModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a nano text classifier (hashed n-grams -> embedding bag -> [hidden] -> softmax) and "
                + "export it as ONNX with its adapter, labels and provenance inside.",
                "With --encoder and --tokenizer, train a head on that frozen encoder instead: its embeddings (computed "
                + "once, cached by the encoder's sha256) -> logistic regression or a small MLP; the head runs in a grid "
                + "with that encoder.",
                "Ends with a held-out report."})
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled text: TSV/CSV with a "
            + "header, or JSONL.")
    Path data;

    @Option(names = "--test", paramLabel = "FILE", description = "Held-out data (same format). Without it, "
            + "--test-split is held out of --data.")
    Path test;

    @Option(names = "--test-split", paramLabel = "X", description = "Share held out per label when there is no "
            + "--test (default: ${DEFAULT-VALUE}).")
    double testSplit = 0.2;

    @Option(names = "--text-column", paramLabel = "NAME", description = "Text column (default: text).")
    String textColumn;

    @Option(names = "--label-column", paramLabel = "NAME", description = "Label column (default: label).")
    String labelColumn;

    @Option(names = "--no-header", description = "TSV/CSV without a header: columns are 0-based indices.")
    boolean noHeader;

    @Option(names = "--skip-bad", description = "Skip malformed lines (each is reported) instead of stopping.")
    boolean skipBad;

    @Option(names = "--buckets", paramLabel = "B", description = "Hash buckets (default: ${DEFAULT-VALUE}).")
    int buckets = 1 << 18;

    @Option(names = "--dim", paramLabel = "D", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
    int dim = 32;

    @Option(names = "--hidden", paramLabel = "H", description = "Hidden layer width, 0 for none (default: "
            + "${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--word-ngrams", paramLabel = "MIN,MAX", split = ",", description = "Word n-gram orders "
            + "(default: 1,2; 0 for none).")
    List<Integer> wordNgrams = List.of(1, 2);

    @Option(names = "--char-ngrams", paramLabel = "MIN,MAX", split = ",", description = "Character n-gram lengths "
            + "(default: 2,4; 0 for none).")
    List<Integer> charNgrams = List.of(2, 4);

    @Option(names = "--keep-case", description = "Do not lower-case the text before hashing.")
    boolean keepCase;

    @Option(names = "--punctuation", paramLabel = "drop|tokens", description = "Punctuation and symbols: dropped "
            + "(default) or tokens of their own.")
    String punctuation = TextHashedNgramsSpec.PUNCTUATION_DROP;

    @Option(names = "--pooling", paramLabel = "mean|sqrt", description = "How a text's n-gram rows are pooled: "
            + "their mean (default) or their sum / sqrt(n).")
    String pooling = TrainerConfig.MEAN;

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 20;

    @Option(names = "--batch", paramLabel = "N", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 0.01;

    @Option(names = "--dropout", paramLabel = "X", description = "Share of each example's n-grams dropped in each "
            + "training step, a regularizer (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--validation", paramLabel = "X", description = "Share of the training data held out for early "
            + "stopping; 0 trains on all of it for --epochs (default: ${DEFAULT-VALUE}).")
    double validation = 0.1;

    @Option(names = "--balanced", description = "Weight classes inversely to their frequency.")
    boolean balanced;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--threads", paramLabel = "N", description = "Training threads (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.onnx", description = "Where to write "
            + "the model.")
    Path output;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--encoder", paramLabel = "ENC.onnx", description = "Train a head on this encoder's embedding "
            + "(with --tokenizer).")
    Path encoder;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "With --encoder: its tokenizer.json.")
    Path tokenizer;

    @Option(names = "--head", paramLabel = "logreg|mlp", description = "With --encoder: a logistic regression "
            + "(default) or a small MLP (one hidden layer of 128).")
    String head = "logreg";

    @Option(names = "--with-ngrams", description = "With --encoder: also try the text's hashed n-grams (--buckets, "
            + "--word-ngrams, --char-ngrams) beside the embedding, and keep them when they score better on a tenth of "
            + "the training data (the report says which).")
    boolean withNgrams;

    @Option(names = "--encoder-pooling", paramLabel = "mean|cls", description = "With --encoder: how its token "
            + "vectors are pooled (default: mean over the attention mask).")
    String encoderPooling = "mean";

    @Override
    public Integer call() {
        if (Files.isDirectory(output)) {
            throw new BadInputException("-o " + output + " is a directory; give a file name such as model.onnx");
        }
        if (encoder != null || tokenizer != null) {
            return head();
        }
        TextHashedNgramsSpec features = ngramFeatures();
        DatasetOptions options = new DatasetOptions(textColumn, labelColumn, null, !noHeader, skipBad, 0)
                .forTraining();
        Dataset train = TextDatasets.read(data, options);
        Dataset held = test != null ? TextDatasets.read(test, options) : null;
        if (!pooling.equals(TrainerConfig.MEAN) && !pooling.equals(TrainerConfig.SQRT)) {
            throw new BadInputException("--pooling: expected mean or sqrt, got '" + pooling + "'");
        }
        TrainerConfig config;
        try {
            config = new TrainerConfig(dim, hidden, epochs, batch, lr, validation, 3, balanced, seed, threads, dropout,
                    pooling);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("bad training settings: dim, epochs, batch, lr and threads must be positive, "
                    + "hidden >= 0, 0 <= dropout < 1, 0 <= validation < 0.9");
        }
        PrintWriter err = spec.commandLine().getErr();
        for (Dataset d : held != null ? List.of(train, held) : List.of(train)) {
            if (!d.skipped().isEmpty()) {
                err.println("nanogrid: skipped " + d.skipped().size() + " lines of " + d.source() + ", first: "
                        + d.skipped().get(0));
            }
        }
        TrainingOutcome outcome = new TextTraining(root.runtime()).run(
                new TextTrainingRequest(train, held, held != null ? 0 : testSplit, features, config,
                        output.getFileName().toString().replaceFirst("\\.onnx$", ""),
                        source(data), test != null ? source(test) : null),
                new ConsoleProgress(err), stats -> err.println(epochLine(stats)));
        OnnxModels.write(outcome.model(), output);
        outcome.warnings().forEach(w -> err.println("nanogrid: warning: " + w));
        TrainReport report = new TrainReport(output.toString(), outcome.parameters(), fileSize(output),
                outcome.model().getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue(),
                outcome.trainExamples(), outcome.trainSeconds(), outcome.history(), outcome.heldOut(),
                outcome.warnings());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.report().toJson(report));
        } else {
            text(report, out);
        }
        return Cli.OK;
    }

    private TextHashedNgramsSpec ngramFeatures() {
        return withNgrams(TextHashedNgramsSpec.defaults().withBuckets(checkedBuckets(buckets)), wordNgrams, charNgrams)
                .withLowercase(!keepCase).withPunctuation(punctuation(punctuation));
    }

    /** A head on a frozen encoder: the same data options, report and provenance as the n-gram trainer's. */
    private int head() {
        if (encoder == null || tokenizer == null) {
            throw new BadInputException("--encoder and --tokenizer go together: a head learns from the encoder's "
                    + "embedding of each text");
        }
        if (!head.equals("logreg") && !head.equals("mlp")) {
            throw new BadInputException("--head: expected logreg or mlp, got '" + head + "'");
        }
        if (!encoderPooling.equals("mean") && !encoderPooling.equals("cls")) {
            throw new BadInputException("--encoder-pooling: expected mean or cls, got '" + encoderPooling + "'");
        }
        DatasetOptions options = new DatasetOptions(textColumn, labelColumn, null, !noHeader, skipBad, 0)
                .forTraining();
        Dataset train = TextDatasets.read(data, options);
        Dataset held = test != null ? TextDatasets.read(test, options) : null;
        TrainerConfig config = TrainerConfig.defaults().withHidden(head.equals("mlp") ? 128 : 0).withDim(1)
                .withEpochs(epochs).withLearningRate(0.001).withSeed(seed).withThreads(threads)
                .withBalanced(balanced);
        EncoderSpec enc = new EncoderSpec(encoder.toAbsolutePath().toString(), TokenizerSpec.of(
                tokenizer.toAbsolutePath().toString()), new EmbeddingSpec(encoderPooling, true, null, null));
        PrintWriter err = spec.commandLine().getErr();
        Embeddings embeddings = new Embeddings(root.runtime(), CacheFolders.current().resolve("embeddings"), threads);
        TrainingOutcome outcome = new HeadTraining(embeddings).run(new HeadTrainingRequest(enc, Path.of("/"), train,
                held, held != null ? 0 : testSplit, config, output.getFileName().toString().replaceFirst("\\.onnx$", ""),
                source(data), test != null ? source(test) : null, withNgrams ? ngramFeatures() : null),
                new ConsoleProgress(err), stats -> err.println(epochLine(stats)));
        OnnxModels.write(outcome.model(), output);
        outcome.warnings().forEach(w -> err.println("nanogrid: warning: " + w));
        TrainReport report = new TrainReport(output.toString(), outcome.parameters(), fileSize(output),
                outcome.model().getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue(),
                outcome.trainExamples(), outcome.trainSeconds(), outcome.history(), outcome.heldOut(),
                outcome.warnings());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.report().toJson(report));
        } else {
            text(report, out);
            out.printf("use         in a grid whose encoder is %s (input kind \"encoder\")%n", encoder);
        }
        return Cli.OK;
    }

    /** What `nanogrid train --json` prints. */
    record TrainReport(String model, long parameters, long fileBytes, long labels, int trainExamples,
            double trainSeconds, List<EpochStats> epochs, EvalReport heldOut, List<String> warnings) {
    }

    private DataSource source(Path file) {
        return DataSource.table(file.toAbsolutePath().normalize().toString(), textColumn, labelColumn, !noHeader);
    }

    /** Fewer buckets than this make most n-grams collide. */
    static final int MIN_BUCKETS = 1 << 10;
    /** The most buckets the text-hashed-ngrams spec allows for every encoding (a dense "counts" input). */
    static final int MAX_BUCKETS = GridValidator.MAX_DENSE_BUCKETS;

    /** The value of --buckets, checked: a power of two from {@link #MIN_BUCKETS} to {@link #MAX_BUCKETS}. */
    static int checkedBuckets(int b) {
        if (b < MIN_BUCKETS || b > MAX_BUCKETS || Integer.bitCount(b) != 1) {
            throw new BadInputException("--buckets: expected a power of two from " + MIN_BUCKETS + " to "
                    + MAX_BUCKETS + ", got '" + b + "'");
        }
        return b;
    }

    /**
     * The features with the values of --word-ngrams and --char-ngrams, checked against the limits of
     * the text-hashed-ngrams spec.
     */
    static TextHashedNgramsSpec withNgrams(TextHashedNgramsSpec features, List<Integer> words, List<Integer> chars) {
        List<Integer> w = range(words, "--word-ngrams", GridValidator.MAX_WORD_NGRAMS);
        List<Integer> c = range(chars, "--char-ngrams", GridValidator.MAX_CHAR_NGRAMS);
        if (w.isEmpty() && c.isEmpty()) {
            throw new BadInputException("--word-ngrams, --char-ngrams: both are 0; give word n-grams, character "
                    + "n-grams or both");
        }
        return features.withNgrams(w, c);
    }

    private static List<Integer> range(List<Integer> r, String option, int max) {
        if (r.size() == 1 && r.get(0) == 0) {
            return List.of();
        }
        if (r.size() != 2 || r.get(0) < 1 || r.get(0) > r.get(1) || r.get(1) > max) {
            throw new BadInputException(option + ": expected MIN,MAX with 1 <= MIN <= MAX <= " + max + " (or 0 for "
                    + "none), got '" + r.stream().map(String::valueOf).collect(Collectors.joining(",")) + "'");
        }
        return r;
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String epochLine(EpochStats s) {
        return String.format(Locale.ROOT, "epoch %2d  loss %.4f  train acc %.4f  validation loss %.4f acc "
                + "%.4f  %.1fs%s", s.epoch(), s.trainLoss(), s.trainAccuracy(), s.validationLoss(),
                s.validationAccuracy(), s.seconds(), s.best() ? "  *" : "");
    }

    private static void text(TrainReport r, PrintWriter out) {
        out.printf("model       %s (%s, %s parameters, %d labels)%n", r.model(), Formats.bytes(r.fileBytes()),
                Formats.count(r.parameters()), r.labels());
        out.printf("trained     on %s examples in %.1f s, %d epochs%n", Formats.count(r.trainExamples()),
                r.trainSeconds(), r.epochs().size());
        if (r.heldOut() != null) {
            EvalReport h = r.heldOut();
            out.printf("held out    %s examples: accuracy %s, macro-F1 %s%n", Formats.count(h.n()),
                    Formats.fixed(h.accuracy(), 4), Formats.fixed(h.macroF1(), 4));
            if (h.labels().size() <= 12) {
                out.printf("confusion   (rows: true, columns: predicted) %s%n", h.labels());
                for (int i = 0; i < h.labels().size(); i++) {
                    out.printf("  %-16s %s%n", h.labels().get(i), Arrays.toString(h.confusion()[i]));
                }
            }
        }
    }

    /** The value of a --punctuation option, checked. */
    static String punctuation(String value) {
        if (!value.equals(TextHashedNgramsSpec.PUNCTUATION_DROP)
                && !value.equals(TextHashedNgramsSpec.PUNCTUATION_TOKENS)) {
            throw new BadInputException("--punctuation: expected drop or tokens, got '" + value + "'");
        }
        return value;
    }
}
