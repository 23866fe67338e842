package io.nanogrid.samples;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.data.Idx;
import io.nanogrid.engine.eval.EvalReport;
import io.nanogrid.engine.eval.Evaluator;
import io.nanogrid.engine.features.Image;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.grid.ImageSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.train.OnnxExport;
import io.nanogrid.engine.train.Provenance;
import io.nanogrid.engine.train.Sha256;
import io.nanogrid.engine.train.TrainedNetwork;
import io.nanogrid.engine.train.Trainer;
import io.nanogrid.engine.train.TrainerConfig;
import io.nanogrid.engine.train.TrainingSet;
import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The home-made digit expert: a small MLP (784 -> 128 -> 10) trained on the even-numbered images of
 * the MNIST test set (with one-pixel shifts as augmentation) and tested on the odd-numbered ones.
 * Only the MNIST test set is available here, so its two halves serve as training and test data.
 */
final class DigitsBuilder {
    static final String IMAGES = "images/mnist/t10k-images-idx3-ubyte.gz";
    static final String LABELS = "images/mnist/t10k-labels-idx1-ubyte";
    static final ImageSpec ADAPTER = new ImageSpec(28, 28, "grey", 1 / 255.0, List.of(0.0), List.of(1.0), "NCHW",
            null);
    private static final int[][] SHIFTS = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1},
        {-1, -1}};

    private final ModelLoader loader;

    DigitsBuilder(ModelLoader loader) {
        this.loader = loader;
    }

    record Built(ModelProto model, EvalReport heldOut, long parameters, double trainSeconds, Dataset test) {
    }

    Built build(Path dataDir, Progress progress) {
        Path images = dataDir.resolve(IMAGES);
        Path labels = dataDir.resolve(LABELS);
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new BadInputException("MNIST files not found under " + dataDir + " (" + IMAGES + ", " + LABELS
                    + "); give the datasets' folder with --data DIR");
        }
        Dataset all = Idx.read(images, labels, 0);
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 2 == 0 ? train : test).add(all.examples().get(i));
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        float[][] x = new float[train.size() * SHIFTS.length][];
        int[] y = new int[x.length];
        int n = 0;
        for (Example e : train) {
            Image img = ((ImageRequest) e.request()).image();
            for (int[] s : SHIFTS) {
                x[n] = shifted(img, s[0], s[1]);
                y[n++] = classes.indexOf(e.label());
            }
        }
        TrainerConfig config = TrainerConfig.defaults().withDim(1).withHidden(128).withEpochs(30)
                .withLearningRate(0.001).withThreads(Recipes.THREADS).withSeed(42);
        long t0 = System.nanoTime();
        TrainedNetwork net = new Trainer(config).train(new TrainingSet(null, x, y, classes, 28 * 28), progress, null);
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("hidden", 128);
        hp.put("maxEpochs", config.epochs());
        hp.put("epochsRun", net.history().size());
        hp.put("batchSize", config.batchSize());
        hp.put("learningRate", config.learningRate());
        hp.put("validation", config.validation());
        hp.put("threads", config.threads());
        hp.put("augmentation", "every training image also shifted by one pixel in 8 directions");
        Provenance provenance = new Provenance("nanogrid MLP (784-128-10, ReLU, Adam)", "handwritten digits",
                new Provenance.DataProvenance(DataSource.idx(IMAGES, LABELS, "even"),
                        Sha256.ofFile(images.toString()), x.length,
                        DataSource.idx(IMAGES, LABELS, "odd"), null, null, null, test.size()),
                hp, config.seed(), net.parameters(), Math.round(seconds * 10) / 10.0,
                LocalDate.now(ZoneOffset.UTC).toString(), null, null);
        Object[] shape = {"batch", 1, 28, 28};
        Dataset heldOutData = new Dataset(images + " (odd-numbered images)", test, List.of());
        EvalReport report;
        ModelProto draft = OnnxExport.dense(net, ADAPTER, shape, provenance, null);
        try (Grid grid = Grid.ofModel(loader.load(draft.toByteArray(), "digits-mlp"), "mlp", loader)) {
            report = new Evaluator(Recipes.THREADS).evaluate(grid, heldOutData, progress);
        }
        provenance = provenance.withHeldOut(new Provenance.HeldOut(report.accuracy(), report.macroF1(), report.n()));
        String card = String.format(Locale.ROOT, "Home-made digit classifier: a small MLP (784-128-10) "
                + "trained by nanogrid on one half of the MNIST test set (the even-numbered images, with one-pixel "
                + "shifts in 8 directions) and tested on the other half (the odd-numbered images): accuracy %.4f on %d images. The "
                + "MNIST training set is not available here, so the test set's halves stand in for it.",
                report.accuracy(), report.n());
        ModelProto model = OnnxExport.dense(net, ADAPTER, shape, provenance, card);
        return new Built(model, report, net.parameters(), seconds, heldOutData);
    }

    /** The image moved by (dx, dy) pixels, zeros shifted in; values scaled to 0..1 as the adapter does. */
    static float[] shifted(Image img, int dx, int dy) {
        int w = img.width();
        int h = img.height();
        float[] out = new float[w * h];
        for (int yy = 0; yy < h; yy++) {
            int sy = yy - dy;
            if (sy < 0 || sy >= h) {
                continue;
            }
            for (int xx = 0; xx < w; xx++) {
                int sx = xx - dx;
                if (sx >= 0 && sx < w) {
                    out[yy * w + xx] = img.pixels()[sy * w + sx] / 255f;
                }
            }
        }
        return out;
    }
}
