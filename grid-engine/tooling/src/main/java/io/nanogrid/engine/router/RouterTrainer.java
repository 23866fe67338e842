package io.nanogrid.engine.router;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.EncodedText;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextHashedNgrams;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ImageSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.train.Embeddings;
import io.nanogrid.engine.train.EpochStats;
import io.nanogrid.engine.train.OnnxExport;
import io.nanogrid.engine.train.Provenance;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.engine.train.TrainedNetwork;
import io.nanogrid.engine.train.Trainer;
import io.nanogrid.engine.train.TrainerConfig;
import io.nanogrid.engine.train.TrainingSet;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Trains a router on a {@link RouterPool}: a multinomial logistic regression ("logreg": the bag of
 * hashed n-grams straight to the routes) or a tiny MLP ("mlp": one hidden layer), with balanced
 * class weights. A tenth of the training pool is kept apart to fit the temperature and to choose
 * the threshold for the target misroute rate; the held-out pool only measures.
 */
public final class RouterTrainer {
    /**
     * Router features: lower-cased words and bigrams and character 2-5-grams, with runs of
     * punctuation as tokens. Lower-cased on purpose: some datasets are all lower-case, and a router
     * that reads case learns that accident (measured: 98.2% held-out with case, but capitalized
     * reviews then go astray). Punctuation as tokens of its own (not glued to words) tells the
     * style of a text ("u?", "...", ":)") without learning how a dataset was tokenized: SST-2 is
     * "it 's great ." and a user types "it's great.", and both give the same tokens.
     */
    public static final TextHashedNgramsSpec FEATURES = TextHashedNgramsSpec.defaults().withBuckets(262_144)
            .withNgrams(List.of(1, 2), List.of(2, 5)).withSeed(7)
            .withPunctuation(TextHashedNgramsSpec.PUNCTUATION_TOKENS);

    /** How the router pools its n-grams by default (see TrainerConfig.pooling). */
    public static final String POOLING = TrainerConfig.SQRT;

    /**
     * @param kind               "logreg" or "mlp"
     * @param targetMisrouteRate the threshold is the lowest confidence that keeps misroutes below this
     * @param threads            training threads
     * @param pooling            "mean" or "sqrt" (see TrainerConfig)
     */
    public record Settings(String kind, double targetMisrouteRate, int threads, long seed,
            TextHashedNgramsSpec features, boolean caseAugment, String pooling) {
        public Settings {
            if (!kind.equals("logreg") && !kind.equals("mlp")) {
                throw new BadInputException("--model: expected logreg or mlp, got '" + kind + "'");
            }
            if (!TrainerConfig.MEAN.equals(pooling) && !TrainerConfig.SQRT.equals(pooling)) {
                throw new BadInputException("--pooling: expected mean or sqrt, got '" + pooling + "'");
            }
            if (!(targetMisrouteRate > 0 && targetMisrouteRate < 1)) {
                throw new BadInputException("--target-misroute: expected a rate strictly between 0 and 1 (such as "
                        + "0.005), got '" + number(targetMisrouteRate) + "'");
            }
            if (threads < 1) {
                throw new BadInputException("--threads: expected at least 1, got '" + threads + "'");
            }
            features = features != null ? features : FEATURES;
        }

        public Settings(String kind, double targetMisrouteRate, int threads, long seed) {
            this(kind, targetMisrouteRate, threads, seed, null, false, POOLING);
        }

        /** 2 as "2", 0.005 as "0.005": the value as it was most likely typed. */
        private static String number(double x) {
            return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
        }
    }

    private final ModelLoader loader;

    public RouterTrainer(ModelLoader loader) {
        this.loader = loader;
    }

    /**
     * A grid's shared encoder, for a router that is a head on it: its embeddings (cached by {@code embeddings})
     * are the router's features.
     */
    public record Encoding(EncoderSpec encoder, Path baseDir, Embeddings embeddings, boolean withNgrams) {
        public Encoding(EncoderSpec encoder, Path baseDir, Embeddings embeddings) {
            this(encoder, baseDir, embeddings, false);
        }

        /** The examples with their texts' embeddings (requests become EncodedText). */
        List<Example> encode(List<Example> examples, Progress progress) {
            List<String> texts = examples.stream().map(RouterTrainer::text).toList();
            float[][] v = embeddings.embed(encoder, baseDir, texts, progress).vectors();
            List<Example> out = new ArrayList<>(examples.size());
            for (int i = 0; i < v.length; i++) {
                Example e = examples.get(i);
                out.add(new Example(new EncodedText(texts.get(i), v[i]), e.label(), e.route(), e.line()));
            }
            return out;
        }
    }

    public RouterTrainingResult train(List<String> routes, RouterPool pool, List<Request> oos, Settings s,
            Progress progress, Consumer<EpochStats> onEpoch) {
        return train(routes, pool, oos, s, null, progress, onEpoch);
    }

    /** @param encoding the grid's encoder when the router is a head on it, else null (n-grams, pixels, values) */
    public RouterTrainingResult train(List<String> routes, RouterPool pool, List<Request> oos, Settings s,
            Encoding encoding, Progress progress, Consumer<EpochStats> onEpoch) {
        long t0 = System.nanoTime();
        if (pool.train().isEmpty()) {
            throw new BadInputException("the router has no training examples");
        }
        if (encoding != null) {
            progress.update(0, -1, "encoding the router's data with the grid's encoder");
            pool = new RouterPool(encoding.encode(pool.train(), progress), encoding.encode(pool.test(), progress),
                    pool.sources(), pool.notes(), pool.options());
            List<Example> oosExamples = new ArrayList<>();
            for (int i = 0; i < oos.size(); i++) {
                oosExamples.add(new Example(oos.get(i), "oos", null, i));
            }
            oos = encoding.encode(oosExamples, progress).stream().map(Example::request).toList();
        }
        boolean text = pool.train().get(0).request() instanceof TextRequest;
        boolean both = encoding != null && encoding.withNgrams();
        List<List<Example>> parts = TextTraining.splitByLabel(pool.train(), 0.1, s.seed(), Example::label);
        List<Example> fit = s.caseAugment() && text ? CaseVariants.augment(parts.get(0)) : parts.get(0);
        List<Example> calibration = parts.get(1);
        TextHashedNgrams featurizer = text || both ? new TextHashedNgrams(s.features()) : null;
        DenseRouterFeatures dense = text ? null : DenseRouterFeatures.of(fit);
        TrainingSet set = text ? featurize(fit, routes, featurizer) : dense(fit, routes, dense);
        if (both) {
            set = new TrainingSet(featurize(fit, routes, featurizer).ids(), set.dense(), set.targets(), routes,
                    featurizer.buckets());
        }
        boolean mlp = s.kind().equals("mlp");
        TrainerConfig config = text || both
                ? TrainerConfig.defaults().withDim(mlp || both ? 32 : routes.size()).withHidden(mlp ? 32 : 0)
                        .withEpochs(10).withBalanced(true).withThreads(s.threads()).withSeed(s.seed())
                        .withPooling(s.pooling())
                : TrainerConfig.defaults().withDim(1).withHidden(mlp ? 64 : 0).withEpochs(30).withLearningRate(0.001)
                        .withBalanced(true).withThreads(s.threads()).withSeed(s.seed());
        TrainedNetwork net = new Trainer(config).train(set, progress, onEpoch);

        List<float[]> logits = new ArrayList<>();
        int[] targets = new int[calibration.size()];
        for (int i = 0; i < calibration.size(); i++) {
            Example e = calibration.get(i);
            logits.add(text ? net.logits(featurizer.ids(text(e))) : both ? net.logits(featurizer.ids(text(e)),
                    dense.vector(e.request())) : net.logits(dense.vector(e.request())));
            targets[i] = routes.indexOf(e.label());
        }
        double temperature = calibration.isEmpty() ? 1.0 : Calibration.fitTemperature(logits, targets);
        double[] conf = new double[calibration.size()];
        boolean[] right = new boolean[calibration.size()];
        for (int i = 0; i < calibration.size(); i++) {
            float[] p = softmax(logits.get(i), temperature);
            int best = argmax(p);
            conf[i] = p[best];
            right[i] = best == targets[i];
        }
        double threshold = Calibration.thresholdFor(conf, right, s.targetMisrouteRate());
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Integer> trainSize = countByRoute(pool.train(), true);
        Map<String, Integer> testSize = countByRoute(pool.test(), false);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("routes", routes);
        extra.put("temperature", temperature);
        extra.put("threshold", threshold);
        extra.put("targetMisrouteRate", s.targetMisrouteRate());
        extra.put("calibrationExamples", calibration.size());
        extra.put("sources", pool.sources());
        extra.put("data", pool.options());
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("model", s.kind());
        hp.put("dim", config.dim());
        hp.put("hidden", config.hidden());
        hp.put("epochsRun", net.history().size());
        hp.put("balancedClassWeights", true);
        if (text) {
            hp.put("pooling", config.pooling());
        }
        hp.put("threads", s.threads());
        String over = text ? "hashed n-grams" : dense.spec() instanceof ImageSpec ? "image pixels"
                : encoding != null ? "the embedding of the encoder " + encoding.encoder().model()
                        + (both ? " and hashed n-grams" : "") : "tensor values";
        Provenance provenance = new Provenance("nanogrid router (" + (mlp ? "tiny MLP"
                : "multinomial logistic regression") + " over " + over + ", Adam)", "routing", null, hp, s.seed(),
                net.parameters(), Math.round(seconds * 10) / 10.0,
                LocalDate.now(ZoneOffset.UTC).toString(), null, extra);
        ModelProto draft = export(net, s, dense, both, provenance, null, temperature);
        List<RouterMetrics.Routed> decisions;
        double[] oosConfidence = new double[oos.size()];
        try (Grid router = Grid.ofModel(loader.load(draft.toByteArray(), "router"), "router", loader)) {
            decisions = RouterMetrics.decide(router, pool.test());
            for (int i = 0; i < oos.size(); i++) {
                oosConfidence[i] = RouterMetrics.decide(router, oos.get(i)).confidence();
            }
        }
        RouterReport report = RouterMetrics.report(routes, decisions, oosConfidence, threshold);
        provenance = provenance.withHeldOut(new Provenance.HeldOut(report.accuracy(), report.macroF1(), report.n()));
        String card = String.format(Locale.ROOT, "Router over %s: %s trained by nanogrid on the experts' "
                + "training data (%d examples), temperature %.3f. Held-out routing accuracy %.4f on %d requests; at "
                + "the threshold %.3f, %.1f%% of requests are answered with a misroute rate of %.2f%%.", routes,
                s.kind(), fit.size(), temperature, report.accuracy(), report.n(), threshold, 100 * report.coverage(),
                100 * report.misrouteRate());
        ModelProto model = export(net, s, dense, both, provenance, card, temperature);
        return new RouterTrainingResult(model, s.kind(), over, temperature, threshold, report, trainSize, testSize,
                pool.sources(), pool.notes(), net.history(), Math.round(seconds * 10) / 10.0, decisions, oosConfidence);
    }

    /** The router as ONNX: over n-grams, over dense features, or a head on the encoder with n-grams beside. */
    private static ModelProto export(TrainedNetwork net, Settings s, DenseRouterFeatures dense, boolean both,
            Provenance provenance, String card, double temperature) {
        if (dense == null) {
            return OnnxExport.text(net, s.features(), provenance, card, temperature);
        }
        if (both) {
            return OnnxExport.encodedWithNgrams(net, s.features(), dense.width(), provenance, card, temperature);
        }
        return OnnxExport.dense(net, dense.spec(), dense.inputShape(), provenance, card, temperature);
    }

    private static TrainingSet featurize(List<Example> examples, List<String> routes, TextHashedNgrams f) {
        int[][] ids = new int[examples.size()][];
        int[] y = new int[examples.size()];
        IntStream.range(0, examples.size()).parallel()
                .forEach(i -> ids[i] = f.ids(text(examples.get(i))));
        for (int i = 0; i < y.length; i++) {
            y[i] = routes.indexOf(examples.get(i).label());
        }
        return new TrainingSet(ids, null, y, routes, f.buckets());
    }

    private static TrainingSet dense(List<Example> examples, List<String> routes, DenseRouterFeatures f) {
        float[][] x = new float[examples.size()][];
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            x[i] = f.vector(examples.get(i).request());
            y[i] = routes.indexOf(examples.get(i).label());
        }
        return new TrainingSet(null, x, y, routes, f.width());
    }

    private static Map<String, Integer> countByRoute(List<Example> examples, boolean labelIsRoute) {
        Map<String, Integer> out = new TreeMap<>();
        examples.forEach(e -> out.merge(labelIsRoute ? e.label() : e.route(), 1, Integer::sum));
        return out;
    }

    private static String text(Example e) {
        if (e.request() instanceof EncodedText t) {
            return t.text();
        }
        return ((TextRequest) e.request()).text();
    }

    private static float[] softmax(float[] z, double t) {
        float[] p = new float[z.length];
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / t);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) Math.exp(z[i] / t - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= (float) sum;
        }
        return p;
    }

    private static int argmax(float[] p) {
        int b = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[b]) {
                b = i;
            }
        }
        return b;
    }
}
