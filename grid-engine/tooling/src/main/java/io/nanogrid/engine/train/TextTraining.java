package io.nanogrid.engine.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.eval.EvalReport;
import io.nanogrid.engine.eval.Evaluator;
import io.nanogrid.engine.features.TextHashedNgrams;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Trains a nano text classifier end to end: held-out split with no text on both sides, hashed
 * n-gram features, training, ONNX export, and the held-out report measured on the exported model
 * in ONNX Runtime (and recorded in its provenance).
 */
public final class TextTraining {
    private final ModelLoader loader;

    public TextTraining(ModelLoader loader) {
        this.loader = loader;
    }

    public TrainingOutcome run(TextTrainingRequest req, Progress progress, Consumer<EpochStats> onEpoch) {
        List<String> warnings = new ArrayList<>();
        List<List<Example>> parts = trainAndTest(req.train(), req.test(), req.testSplit(), req.config().seed(),
                warnings);
        List<Example> train = parts.get(0);
        List<Example> test = parts.get(1);
        List<String> labels = new ArrayList<>(new TreeSet<>(train.stream().map(Example::label).toList()));
        if (labels.size() < 2) {
            throw new BadInputException(req.train().source() + ": training needs at least 2 labels, found " + labels);
        }
        Map<String, Integer> unseen = new TreeMap<>();
        for (Example e : test) {
            if (!labels.contains(e.label())) {
                unseen.merge(e.label(), 1, Integer::sum);
            }
        }
        unseen.forEach((label, n) -> warnings.add("label '" + label + "' appears in the test data (" + n
                + " examples) but never in the training data: the model cannot predict it"));

        TextHashedNgrams featurizer = new TextHashedNgrams(req.features());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        int[][] ids = new int[train.size()][];
        int[] targets = new int[train.size()];
        IntStream.range(0, train.size()).parallel()
                .forEach(i -> ids[i] = featurizer.ids(text(train.get(i))));
        for (int i = 0; i < train.size(); i++) {
            targets[i] = index.get(train.get(i).label());
        }
        TrainingSet set = new TrainingSet(ids, null, targets, labels, req.features().buckets());

        long t0 = System.nanoTime();
        TrainedNetwork net = new Trainer(req.config()).train(set, progress, onEpoch);
        double seconds = (System.nanoTime() - t0) / 1e9;

        Provenance provenance = provenance(req, net, train.size(), test.size(), seconds);
        EvalReport heldOut = null;
        if (!test.isEmpty()) {
            ModelProto draft = OnnxExport.text(net, req.features(), provenance, card(req, net, null));
            try (Grid grid = Grid.ofModel(loader.load(draft.toByteArray(), req.name()), "model", loader)) {
                heldOut = new Evaluator(req.config().threads()).evaluate(grid,
                        new Dataset(req.test() != null ? req.test().source() : req.train().source() + " (held out)",
                                test, List.of()), progress);
            }
            provenance = provenance.withHeldOut(new Provenance.HeldOut(heldOut.accuracy(), heldOut.macroF1(),
                    heldOut.n()));
        }
        ModelProto model = OnnxExport.text(net, req.features(), provenance, card(req, net, heldOut));
        return new TrainingOutcome(model, net.parameters(), train.size(), heldOut, net.history(), seconds, warnings);
    }

    private static String text(Example e) {
        return ((TextRequest) e.request()).text();
    }

    private static Set<String> texts(List<Example> examples) {
        Set<String> out = new HashSet<>();
        examples.forEach(e -> out.add(text(e)));
        return out;
    }

    /** The held-out part that {@link #run} splits off the training data for the given share and seed. */
    public static List<Example> heldOut(List<Example> all, double share, long seed) {
        return split(all, share, seed).get(1);
    }

    /**
     * The training and held-out examples both trainers use: the test data given (training texts that also
     * appear in it are left out, with a warning), else a split of the training data, else none held out.
     */
    static List<List<Example>> trainAndTest(Dataset trainData, Dataset testData, double testSplit, long seed,
            List<String> warnings) {
        if (testData != null) {
            List<Example> test = testData.examples();
            Set<String> testTexts = texts(test);
            List<Example> train = new ArrayList<>();
            int removed = 0;
            for (Example e : trainData.examples()) {
                if (testTexts.contains(text(e))) {
                    removed++;
                } else {
                    train.add(e);
                }
            }
            if (removed > 0) {
                warnings.add("removed " + removed + " training examples whose text also appears in the test data");
            }
            return List.of(train, test);
        }
        if (testSplit > 0) {
            return split(trainData.examples(), testSplit, seed);
        }
        return List.of(trainData.examples(), List.of());
    }

    /**
     * Splits off a held-out share per label, keeping all copies of a text on the same side (so no
     * test text was seen in training); images and tensors are split one by one. Seeded.
     */
    static List<List<Example>> split(List<Example> all, double share, long seed) {
        return splitByLabel(all, share, seed, Example::label);
    }

    /** {@link #split} with the grouping key of your choice (the route, for router data). */
    public static List<List<Example>> splitByLabel(List<Example> all, double share, long seed,
            Function<Example, String> key) {
        Map<String, List<Example>> byText = new LinkedHashMap<>();
        int other = 0;
        for (Example e : all) {
            // copies of a text stay together; an image or tensor is a group of its own
            String k = e.request() instanceof TextRequest t ? "t:" + t.text() : "#" + other++;
            byText.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
        }
        Map<String, List<List<Example>>> groupsByLabel = new TreeMap<>();
        byText.values().forEach(g -> groupsByLabel.computeIfAbsent(key.apply(g.get(0)), k -> new ArrayList<>()).add(g));
        Random rnd = new Random(seed ^ 0x5EED_5EEDL);
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (List<List<Example>> groups : groupsByLabel.values()) {
            Collections.shuffle(groups, rnd);
            int nTest = (int) Math.round(groups.size() * share);
            for (int i = 0; i < groups.size(); i++) {
                (i < nTest ? test : train).addAll(groups.get(i));
            }
        }
        return List.of(train, test);
    }

    private static Provenance provenance(TextTrainingRequest req, TrainedNetwork net, int nTrain, int nTest,
            double seconds) {
        TrainerConfig c = req.config();
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("dim", c.dim());
        hp.put("hidden", c.hidden());
        hp.put("maxEpochs", c.epochs());
        hp.put("epochsRun", net.history().size());
        hp.put("batchSize", c.batchSize());
        hp.put("learningRate", c.learningRate());
        hp.put("optimizer", "adam (lazy on embedding rows)");
        hp.put("validation", c.validation());
        hp.put("patience", c.patience());
        hp.put("balancedClassWeights", c.balanced());
        hp.put("threads", c.threads());
        hp.put("dropout", c.dropout());
        boolean split = req.test() == null && req.testSplit() > 0;
        Provenance.DataProvenance data = new Provenance.DataProvenance(
                req.trainFrom() != null ? req.trainFrom() : DataSource.table(req.train().source()),
                Sha256.ofFile(req.train().source()), nTrain,
                req.test() == null ? null : req.testFrom() != null ? req.testFrom()
                        : DataSource.table(req.test().source()),
                req.test() == null ? null : Sha256.ofFile(req.test().source()),
                split ? req.testSplit() : null, split ? c.seed() : null, nTest);
        return new Provenance("nanogrid text classifier (embedding bag" + (c.hidden() > 0 ? " + hidden layer" : "")
                + ", Adam)", req.name(), data, hp, c.seed(), net.parameters(), Math.round(seconds * 10) / 10.0,
                LocalDate.now(ZoneOffset.UTC).toString(), null, null);
    }

    private static String card(TextTrainingRequest req, TrainedNetwork net, EvalReport heldOut) {
        StringBuilder s = new StringBuilder();
        s.append(req.name()).append(": a nano text classifier (hashed word and character n-grams, ")
                .append(req.features().buckets()).append(" buckets x ").append(req.config().dim())
                .append(" dimensions").append(req.config().hidden() > 0 ? ", hidden layer of "
                        + req.config().hidden() : "").append(", softmax over ").append(net.labels().size())
                .append(" labels), trained by nanogrid on ").append(dataName(req.train(), req.trainFrom())).append('.');
        if (heldOut != null) {
            s.append(String.format(Locale.ROOT, " Held-out accuracy %.4f, macro-F1 %.4f on %d examples",
                    heldOut.accuracy(), heldOut.macroF1(), heldOut.n()));
            s.append(req.test() != null ? " of " + dataName(req.test(), req.testFrom()) + "."
                    : " held out from the training file.");
        }
        return s.toString();
    }

    /**
     * The data as the card names it: a catalogue dataset by its path in the datasets folder, a user's file by
     * its name. Never the absolute path: the card ships inside the model, and the same training on another
     * machine must write the same card.
     */
    private static String dataName(Dataset data, DataSource from) {
        if (from != null) {
            return from.path();
        }
        String path = data.source();
        return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    }
}
