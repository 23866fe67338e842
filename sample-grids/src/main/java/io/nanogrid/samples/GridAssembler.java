package io.nanogrid.samples;

import ai.onnx.proto.OnnxMl;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.ImageSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.NodePosition;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.grid.ResilienceSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.router.JointEvaluation;
import io.nanogrid.engine.router.JointReport;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.router.RouterTrainer;
import io.nanogrid.engine.router.RouterTrainingResult;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.onnx.OnnxModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the sample grids' files: text-assistant (with its trained router) and digits. */
final class GridAssembler {
    static final List<String> TEXT_ROUTES = List.of("langid", "sentiment", "spam", "topic", "intent");
    /**
     * The router learns from up to 20,000 texts per route; English sentences of the language-ID
     * data are left out: English requests belong to the English tasks, and language ID answers the
     * other languages.
     */
    static final RouterDataOptions ROUTER_DATA = RouterDataOptions.defaults().with(20_000, 3, List.of("langid:en"));

    private final ModelLoader loader;
    private final Path dataDir;
    private final Path outDir;
    private final PrintWriter log;

    GridAssembler(ModelLoader loader, Path dataDir, Path outDir, PrintWriter log) {
        this.loader = loader;
        this.dataDir = dataDir;
        this.outDir = outDir;
        this.log = log;
    }

    /** The text-assistant grid: five experts, the router (trained here), "not sure" as the fallback. */
    RouterTrainingResult textAssistant(Progress progress) {
        Path dir = outDir.resolve(SampleBuilder.TEXT_ASSISTANT);
        Path gridFile = dir.resolve("grid.json");
        Map<String, NodePosition> layout = new LinkedHashMap<>();
        layout.put(GridSpec.ROUTER_NODE, new NodePosition(80, 260));
        for (int i = 0; i < TEXT_ROUTES.size(); i++) {
            layout.put(TEXT_ROUTES.get(i), new NodePosition(460, 40 + i * 110));
        }
        layout.put(GridSpec.FALLBACK_NODE, new NodePosition(460, 600));
        List<ExpertSpec> experts = TEXT_ROUTES.stream()
                .map(id -> ExpertSpec.of(id, "experts/" + id + ".onnx", null, null)).toList();
        GridSpec spec = new GridSpec(GridSpec.FORMAT_VERSION, "text-assistant",
                "Five nano text experts behind a router: language of non-English text, sentiment of a review, SMS "
                        + "spam, news topic, assistant intent. Below the confidence threshold the grid answers "
                        + "\"not sure\" rather than let an expert answer a request that is not its own.",
                new RouterSpec("router.onnx", null, TEXT_ROUTES, null, null, 0.5, null), experts,
                ResilienceSpec.defaults(), layout);
        log.println("training the router of text-assistant");
        log.flush();
        RouterPool pool = RouterPool.build(spec, dir, dataDir, null, ROUTER_DATA);
        pool.notes().forEach(n -> log.println("  note: " + n));
        var oos = OutOfScope.licenceSentences(1000, 42);
        if (oos.isEmpty()) {
            log.println("  note: " + OutOfScope.LICENCES + " is absent: no out-of-scope measure");
        }
        RouterTrainingResult r = new RouterTrainer(loader).train(TEXT_ROUTES, pool, oos,
                new RouterTrainer.Settings("logreg", 0.005, Recipes.THREADS, 42), progress, null);
        OnnxModels.write(r.model(), dir.resolve("router.onnx"));
        GridSpec done = spec.withRouter(spec.router().withThreshold(Math.round(r.threshold() * 10_000) / 10_000.0));
        GridFiles.write(done, gridFile);
        var h = r.report();
        log.printf(Locale.ROOT, "  router: accuracy %.4f, macro-F1 %.4f, ECE %.4f on %d held-out requests; "
                + "threshold %.4f covers %.2f%% with %.3f%% misroutes; %s; trained in %.1f s%n", h.accuracy(),
                h.macroF1(), h.ece(), h.n(), r.threshold(), 100 * h.coverage(), 100 * h.misrouteRate(),
                h.oosFallbackShare() == null ? "no out-of-scope set" : String.format(Locale.ROOT,
                        "%.1f%% of %d out-of-scope requests reach the fallback", 100 * h.oosFallbackShare(), h.oosN()),
                r.trainSeconds());
        try (Grid grid = Grid.open(gridFile, loader)) {
            JointReport j = JointEvaluation.run(grid, pool.test(), progress);
            log.printf(Locale.ROOT, "  joint accuracy %.4f on %d requests%n", j.jointAccuracy(), j.n());
            for (JointReport.RouteFigures f : j.perRoute()) {
                log.printf(Locale.ROOT, "    %-10s router %.4f, coverage %.4f, expert %.4f, joint %.4f%n",
                        f.route(), f.routerAccuracy(), f.coverage(), f.expertAccuracy(), f.jointAccuracy());
            }
        }
        log.flush();
        return r;
    }

    /**
     * The digits grid: every image goes to the imported CNN (cnn_mnist.onnx, the real user model,
     * copied from the datasets folder; it is not ours to commit); if it is missing or fails, the
     * home-made MLP answers instead.
     */
    void digits() {
        Path dir = outDir.resolve(SampleBuilder.DIGITS);
        Path cnn = dataDir.resolve("models/cnn_mnist.onnx");
        if (Files.isRegularFile(cnn)) {
            try {
                Files.copy(cnn, dir.resolve("cnn_mnist.onnx"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new BadInputException("cannot copy " + cnn + " into " + dir + ": " + e.getMessage());
            }
        } else {
            log.println("  note: " + cnn + " is absent; the digits grid will fail over to its home-made MLP");
        }
        OnnxModels.write(passThroughRouter(), dir.resolve("router.onnx"));
        Map<String, NodePosition> layout = new LinkedHashMap<>();
        layout.put(GridSpec.ROUTER_NODE, new NodePosition(80, 200));
        layout.put("cnn_mnist", new NodePosition(460, 120));
        layout.put("mlp", new NodePosition(460, 300));
        GridSpec spec = new GridSpec(GridSpec.FORMAT_VERSION, "digits",
                "An imported model beside a home-made one. Every digit goes to cnn_mnist (a real user model: a "
                        + "PyTorch CNN, opset 9, raw 0..255 pixels, log-softmax); if it is missing or fails, the "
                        + "home-made MLP (trained by nanogrid on half of the MNIST test set) answers. On a fresh "
                        + "clone cnn_mnist.onnx is absent (it is not ours to commit): `nanogrid data pull cnn_mnist` "
                        + "and `nanogrid samples build --only digits` put it in place.",
                new RouterSpec("router.onnx", null, List.of("cnn_mnist"), null, null, 0.5, "mlp"),
                List.of(ExpertSpec.of("cnn_mnist", "cnn_mnist.onnx", ImageSpec.fromModel(), null),
                        ExpertSpec.of("mlp", "mlp.onnx", null, null)),
                ResilienceSpec.defaults(), layout);
        GridFiles.write(spec, dir.resolve("grid.json"));
    }

    /** A router with one route: every image, confidence 1 (the softmax of one score). */
    static OnnxMl.ModelProto passThroughRouter() {
        GraphBuilder g = new GraphBuilder("pass_through_router").opset("", 21).irVersion(10);
        g.input("input", ElementType.FLOAT, "batch", 1, 28, 28);
        g.longs("axes", new long[] {3}, new long[] {1, 2, 3});
        g.floats("zero", new long[] {}, new float[] {0f});
        g.node("ReduceMean", List.of("input", "axes"), List.of("mean"), Map.of("keepdims", 0));
        g.node("Mul", List.of("mean", "zero"), List.of("score"));
        g.longs("shape", new long[] {2}, new long[] {-1, 1});
        g.node("Reshape", List.of("score", "shape"), List.of("scores"));
        g.node("Softmax", List.of("scores"), List.of("probabilities"), Map.of("axis", -1));
        g.output("probabilities", ElementType.FLOAT, "batch", 1);
        g.metadata("nanogrid.input", Json.compact().toJson(ImageSpec.fromModel(), InputSpec.class));
        g.metadata("nanogrid.output", Json.compact().toJson(LabelsSpec.of(List.of("cnn_mnist")), OutputSpec.class));
        g.metadata("nanogrid.card", "Pass-through router of the digits grid: one route, cnn_mnist, always with "
                + "confidence 1; the grid's fallback (the home-made MLP) answers when cnn_mnist cannot.");
        return g.build();
    }
}
