package io.nanogrid.engine.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.eval.ConfusionMatrix;
import io.nanogrid.engine.eval.EvalReport;
import io.nanogrid.engine.features.TextHashedNgrams;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.EncodedSpec;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Trains a head on a frozen encoder: each text's embedding (computed once and cached, see {@link
 * Embeddings}) to its label, by a logistic regression or a small MLP. The head's input is the grid
 * encoder's embedding (input kind "encoder"), so it runs in a grid that has that encoder.
 */
public final class HeadTraining {
    private final Embeddings embeddings;

    public HeadTraining(Embeddings embeddings) {
        this.embeddings = embeddings;
    }

    public TrainingOutcome run(HeadTrainingRequest req, Progress progress, Consumer<EpochStats> onEpoch) {
        List<String> warnings = new ArrayList<>();
        List<List<Example>> parts = TextTraining.trainAndTest(req.train(), req.test(), req.testSplit(),
                req.config().seed(), warnings);
        List<Example> train = parts.get(0);
        List<Example> test = parts.get(1);
        List<String> labels = new ArrayList<>(new TreeSet<>(train.stream().map(Example::label).toList()));
        if (labels.size() < 2) {
            throw new BadInputException(req.train().source() + ": training needs at least 2 labels, found " + labels);
        }
        progress.update(0, train.size(), "encoding " + train.size() + " training texts");
        Embeddings.Result x = embeddings.embed(req.encoder(), req.baseDir(), texts(train), progress);
        Embeddings.Result xt = test.isEmpty() ? null : embeddings.embed(req.encoder(), req.baseDir(), texts(test),
                progress);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        int[] y = train.stream().mapToInt(e -> index.get(e.label())).toArray();
        long t0 = System.nanoTime();
        TextHashedNgrams featurizer = req.ngrams() != null ? new TextHashedNgrams(req.ngrams()) : null;
        int[][] ids = featurizer == null ? null : ngramIds(train, featurizer);
        boolean withNgrams = false;
        if (featurizer != null) {
            withNgrams = ngramsHelp(x.vectors(), ids, y, labels, req, progress, warnings);
        }
        TrainingSet set = withNgrams ? new TrainingSet(ids, x.vectors(), y, labels, req.ngrams().buckets())
                : new TrainingSet(null, x.vectors(), y, labels, x.dimensions());
        TrainerConfig config = withNgrams ? withBag(req.config(), labels.size()) : req.config();
        TrainedNetwork net = new Trainer(config).train(set, progress, onEpoch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        EvalReport held = null;
        if (xt != null) {
            ConfusionMatrix m = new ConfusionMatrix(labels);
            for (int i = 0; i < test.size(); i++) {
                float[] p = withNgrams ? net.predict(featurizer.ids(texts(List.of(test.get(i))).get(0)),
                        xt.vectors()[i]) : net.predict(xt.vectors()[i]);
                int best = 0;
                for (int k = 1; k < p.length; k++) {
                    best = p[k] > p[best] ? k : best;
                }
                m.add(test.get(i).label(), labels.get(best));
            }
            held = new EvalReport(req.test() != null ? req.test().source() : req.train().source() + " (held out)",
                    m.n(), m.accuracy(), m.macroF1(), m.labels(), m.matrix(), m.perClass(), m.unanswered(), List.of(),
                    List.of(), List.of(), null, null, 0);
        }
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("hidden", req.config().hidden());
        hp.put("epochsRun", net.history().size());
        hp.put("learningRate", req.config().learningRate());
        hp.put("embeddingDimensions", x.dimensions());
        hp.put("embeddingsCached", x.cached());
        hp.put("embeddingsEncoded", x.encoded());
        hp.put("features", withNgrams ? "embedding and hashed n-grams" : "embedding");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("encoder", req.encoder().model());
        extra.put("encoderSha256", Sha256.ofFile(req.baseDir().resolve(req.encoder().model()).toString()));
        extra.put("pooling", req.encoder().output().pooling());
        Provenance provenance = new Provenance("nanogrid head on an encoder (" + (req.config().hidden() > 0
                ? "MLP " + x.dimensions() + "-" + req.config().hidden() + "-" + labels.size()
                : "logistic regression") + ", Adam)", req.name(), new Provenance.DataProvenance(req.trainFrom(),
                        null, train.size(), req.testFrom(), null, req.test() == null ? req.testSplit() : null,
                        req.config().seed(), test.size()), hp, req.config().seed(), net.parameters(),
                Math.round(seconds * 10) / 10.0, LocalDate.now(ZoneOffset.UTC).toString(), null, extra);
        if (held != null) {
            provenance = provenance.withHeldOut(new Provenance.HeldOut(held.accuracy(), held.macroF1(), held.n()));
        }
        String card = String.format(Locale.ROOT, "A head on the encoder %s: %s over its %d-dimensional embedding, "
                + "trained by nanogrid on %d examples%s.", req.encoder().model(), req.config().hidden() > 0
                ? "a small MLP" : "a logistic regression", x.dimensions(), train.size(), held == null ? ""
                : String.format(Locale.ROOT, "; held-out accuracy %.4f on %d", held.accuracy(), held.n()));
        ModelProto model = withNgrams ? OnnxExport.encodedWithNgrams(net, req.ngrams(), x.dimensions(), provenance,
                card, 1.0) : OnnxExport.dense(net, EncodedSpec.embedding(), new Object[] {"batch", x.dimensions()},
                provenance, card);
        return new TrainingOutcome(model, net.parameters(), train.size(), held, net.history(),
                Math.round((seconds + x.seconds() + (xt != null ? xt.seconds() : 0)) * 10) / 10.0, warnings);
    }

    private static int[][] ngramIds(List<Example> examples, TextHashedNgrams f) {
        List<String> t = texts(examples);
        int[][] ids = new int[t.size()][];
        IntStream.range(0, t.size()).parallel().forEach(i -> ids[i] = f.ids(t.get(i)));
        return ids;
    }

    /**
     * Whether the n-grams beside the embedding score better: both heads trained on nine tenths of the
     * training data and compared on the rest (the held-out data stays unseen); the answer is a warning line.
     */
    private boolean ngramsHelp(float[][] x, int[][] ids, int[] y, List<String> labels, HeadTrainingRequest req,
            Progress progress, List<String> notes) {
        int n = y.length;
        int[] order = IntStream.range(0, n).toArray();
        Random rnd = new Random(req.config().seed());
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nVal = Math.max(1, n / 10);
        int[] val = Arrays.copyOfRange(order, 0, nVal);
        int[] fit = Arrays.copyOfRange(order, nVal, n);
        TrainingSet both = new TrainingSet(ids, x, y, labels, req.ngrams().buckets());
        TrainingSet alone = new TrainingSet(null, x, y, labels, x[0].length);
        progress.update(0, -1, "comparing the embedding alone with the embedding and n-grams");
        TrainedNetwork a = new Trainer(req.config()).train(alone.subset(fit), progress, null);
        TrainedNetwork b = new Trainer(withBag(req.config(), labels.size())).train(both.subset(fit), progress, null);
        int rightA = 0;
        int rightB = 0;
        for (int i : val) {
            rightA += argmax(a.predict(x[i])) == y[i] ? 1 : 0;
            rightB += argmax(b.predict(ids[i], x[i])) == y[i] ? 1 : 0;
        }
        boolean better = rightB > rightA;
        notes.add(String.format(Locale.ROOT, "features: %s (validation accuracy %.4f with n-grams beside the "
                + "embedding, %.4f with the embedding alone, on %d of the training examples)", better
                ? "embedding and n-grams" : "the embedding alone", (double) rightB / nVal, (double) rightA / nVal,
                nVal));
        return better;
    }

    /**
     * The n-grams' bag width beside the embedding: for a logistic regression one value per label, so the head
     * stays an exact linear model over the n-grams and the embedding (and small: buckets x labels); 32 for an MLP.
     */
    private static TrainerConfig withBag(TrainerConfig c, int labels) {
        return c.withDim(c.hidden() > 0 ? 32 : labels);
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
        }
        return best;
    }

    private static List<String> texts(List<Example> examples) {
        List<String> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            if (!(e.request() instanceof TextRequest t)) {
                throw new BadInputException("a head on an encoder learns from text; example " + e.line() + " is "
                        + e.request().kind());
            }
            out.add(t.text());
        }
        return out;
    }
}
