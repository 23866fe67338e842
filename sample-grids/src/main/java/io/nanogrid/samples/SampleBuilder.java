package io.nanogrid.samples;

import io.nanogrid.engine.bench.Latencies;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.engine.train.TextTrainingRequest;
import io.nanogrid.engine.train.TrainingOutcome;
import io.nanogrid.onnx.OnnxModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the sample grids from the real datasets: trains every expert, writes the models beside
 * their grid files, and measures each one (held-out accuracy in ONNX Runtime, p50 latency).
 */
public final class SampleBuilder {
    static final String TEXT_ASSISTANT = "text-assistant";
    static final String DIGITS = "digits";

    private final ModelLoader loader;
    private final Path dataDir;
    private final Path outDir;
    private final PrintWriter log;

    /**
     * @param dataDir the datasets, in the layout of ../shared/data
     * @param outDir  the sample-grids folder (text-assistant/ and digits/ are written inside)
     */
    public SampleBuilder(ModelLoader loader, Path dataDir, Path outDir, PrintWriter log) {
        this.loader = loader;
        this.dataDir = dataDir;
        this.outDir = outDir;
        this.log = log;
    }

    /** Trains one text expert and writes it to text-assistant/experts/ID.onnx. */
    public ExpertResult buildText(TextRecipe r, Progress progress) {
        log.println("training " + r.id() + ": " + r.title());
        log.flush();
        Dataset train = r.data().readTrain(dataDir);
        Dataset test = r.data().readTest(dataDir);
        TrainingOutcome o = new TextTraining(loader).run(new TextTrainingRequest(train, test, r.data().testSplit(),
                r.features(), r.config(), r.title(), r.data().train(), r.data().test()), progress, null);
        o.warnings().forEach(w -> log.println("  note: " + w));
        Path file = outDir.resolve(TEXT_ASSISTANT).resolve("experts").resolve(r.id() + ".onnx");
        OnnxModels.write(o.model(), file);
        List<Example> held = test != null ? test.examples() : heldOutOf(train, r);
        return result(r.id(), file, o.parameters(), o.heldOut().accuracy(), o.heldOut().macroF1(), o.heldOut().n(),
                held, o.trainSeconds());
    }

    /** Trains the home-made digit expert and writes it to digits/mlp.onnx. */
    public ExpertResult buildDigits(Progress progress) {
        log.println("training digits: a small MLP on half of the MNIST test set");
        log.flush();
        DigitsBuilder.Built b = new DigitsBuilder(loader).build(dataDir, progress);
        Path file = outDir.resolve(DIGITS).resolve("mlp.onnx");
        OnnxModels.write(b.model(), file);
        return result("mlp", file, b.parameters(), b.heldOut().accuracy(), b.heldOut().macroF1(), b.heldOut().n(),
                b.test().examples(), b.trainSeconds());
    }

    private static List<Example> heldOutOf(Dataset train, TextRecipe r) {
        return TextTraining.heldOut(train.examples(), r.data().testSplit(), r.config().seed());
    }

    private ExpertResult result(String id, Path file, long params, double acc, double f1, long n,
            List<Example> held, double seconds) {
        double p50;
        try (Grid grid = Grid.forModel(file, loader)) {
            p50 = p50(grid, held.stream().map(Example::request).toList());
        }
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            bytes = -1;
        }
        ExpertResult r = new ExpertResult(id, outDir.relativize(file).toString(), params, bytes, acc, f1, n, p50,
                Math.round(seconds * 10) / 10.0);
        log.printf(Locale.ROOT, "  %s: accuracy %.4f, macro-F1 %.4f on %d held-out; %,d parameters, %,d "
                + "bytes; p50 %.1f µs; trained in %.1f s%n", id, acc, f1, n, params, bytes, p50, seconds);
        log.flush();
        return r;
    }

    /** Median latency of single requests, after a warm-up, on up to 2,000 of the given requests. */
    static double p50(Grid grid, List<Request> requests) {
        List<Request> sample = new ArrayList<>(requests.subList(0, Math.min(2000, requests.size())));
        for (int i = 0; i < Math.min(500, sample.size()); i++) {
            grid.route(sample.get(i));
        }
        Latencies lat = new Latencies(sample.size());
        for (Request r : sample) {
            long t0 = System.nanoTime();
            grid.route(r);
            lat.add(System.nanoTime() - t0);
        }
        return Math.round(lat.percentileMicros(0.5) * 10) / 10.0;
    }
}
