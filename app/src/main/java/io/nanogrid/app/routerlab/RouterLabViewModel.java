package io.nanogrid.app.routerlab;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.document.GridPaths;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.router.JointEvaluation;
import io.nanogrid.engine.router.JointReport;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterMetrics;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.router.RouterReport;
import io.nanogrid.engine.router.RouterTrainer;
import io.nanogrid.engine.router.RouterTrainingResult;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.train.Embeddings;
import io.nanogrid.engine.train.EpochStats;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.CacheFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The router lab: the router's data per route, training with a live loss and accuracy curve,
 * the held-out figures (confusion, calibration, coverage at a threshold), misrouted requests,
 * joint grid accuracy, and applying a new router and threshold to the grid (undoable).
 */
public final class RouterLabViewModel {
    /** One route's data: how many examples train and test it, and a few of them. */
    public record RouteData(String route, int train, int test, String source, List<String> examples) {
    }

    /** A router under study: a new one just trained (with its model), or the grid's current one. */
    public record Candidate(String name, byte[] model, List<RouterMetrics.Routed> decisions, double[] oosConfidence,
            double threshold) {
    }

    private final Supplier<GridDocument> document;
    private final ModelLoader loader;
    private final TaskRunner tasks;
    private final Supplier<Path> dataDir;
    private final ObservableList<RouteData> routes = FXCollections.observableArrayList();
    private final ObservableList<EpochStats> epochs = FXCollections.observableArrayList();
    private final ObjectProperty<RouterPool> pool = new SimpleObjectProperty<>();
    private final ObjectProperty<Candidate> candidate = new SimpleObjectProperty<>();
    private final ObjectProperty<RouterReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<JointReport> joint = new SimpleObjectProperty<>();
    private final ObservableList<RouterMetrics.Routed> misrouted = FXCollections.observableArrayList();
    private final DoubleProperty threshold = new SimpleDoubleProperty(0.5);
    private final StringProperty kind = new SimpleStringProperty("logreg");
    private final IntegerProperty perRoute = new SimpleIntegerProperty();
    private final DoubleProperty targetMisroute = new SimpleDoubleProperty(0.005);
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("Load the router's data to begin.");

    /**
     * @param document the open grid (it changes when another grid is opened)
     * @param dataDir  the datasets folder the experts' recorded data is relative to, or null
     */
    public RouterLabViewModel(Supplier<GridDocument> document, ModelLoader loader, TaskRunner tasks,
            Supplier<Path> dataDir) {
        this.document = document;
        this.loader = loader;
        this.tasks = tasks;
        this.dataDir = dataDir;
        threshold.addListener((o, a, b) -> recompute());
    }

    public ObservableList<RouteData> routes() {
        return routes;
    }

    public ObservableList<EpochStats> epochs() {
        return epochs;
    }

    public ObjectProperty<Candidate> candidate() {
        return candidate;
    }

    public ObjectProperty<RouterReport> report() {
        return report;
    }

    public ObjectProperty<JointReport> joint() {
        return joint;
    }

    public ObservableList<RouterMetrics.Routed> misrouted() {
        return misrouted;
    }

    public DoubleProperty threshold() {
        return threshold;
    }

    public StringProperty kind() {
        return kind;
    }

    /** Training examples drawn per route when the data is loaded; 0 keeps what the router was trained with. */
    public IntegerProperty perRoute() {
        return perRoute;
    }

    public DoubleProperty targetMisroute() {
        return targetMisroute;
    }

    public BooleanProperty busy() {
        return busy;
    }

    public StringProperty message() {
        return message;
    }

    public ObjectProperty<RouterPool> pool() {
        return pool;
    }

    private GridSpec spec() {
        return document.get().spec();
    }

    /** Pools the router's data from the experts' recorded data (in the background). */
    public void loadData() {
        GridSpec spec = spec();
        if (spec.router() == null) {
            message.set("This grid has no router: add one in the designer first.");
            return;
        }
        Path base = document.get().baseDir();
        busy.set(true);
        message.set("Pooling the experts' data...");
        int n = perRoute.get();
        tasks.run("Pooling the router's data", p -> {
            RouterDataOptions recorded = RouterPool.recordedOptions(spec, base);
            RouterDataOptions options = n > 0 ? recorded.with(n, recorded.minWords(), recorded.exclude()) : recorded;
            return RouterPool.build(spec, base, dataDir.get(), null, options);
        }, result -> {
                    busy.set(false);
                    pool.set(result);
                    routes.setAll(summarize(result, spec.router().routes()));
                    message.set(result.train().size() + " training and " + result.test().size()
                            + " held-out requests over " + spec.router().routes().size() + " routes"
                            + (result.notes().isEmpty() ? "" : "; " + String.join("; ", result.notes())));
                }, this::failed);
    }

    private static List<RouteData> summarize(RouterPool pool, List<String> routes) {
        Map<String, Integer> train = new TreeMap<>();
        Map<String, Integer> test = new TreeMap<>();
        Map<String, List<String>> examples = new TreeMap<>();
        for (Example e : pool.train()) {
            train.merge(e.label(), 1, Integer::sum);
            List<String> some = examples.computeIfAbsent(e.label(), k -> new ArrayList<>());
            if (some.size() < 3) {
                some.add(e.request() instanceof TextRequest t ? t.text() : "(" + e.request().kind() + ")");
            }
        }
        pool.test().forEach(e -> test.merge(e.route(), 1, Integer::sum));
        List<RouteData> out = new ArrayList<>();
        for (String r : routes) {
            out.add(new RouteData(r, train.getOrDefault(r, 0), test.getOrDefault(r, 0),
                    pool.sources().getOrDefault(r, ""), examples.getOrDefault(r, List.of())));
        }
        return out;
    }

    /** Measures the grid's current router on the held-out data. */
    public void evaluateCurrent() {
        RouterPool p = pool.get();
        GridSpec spec = spec();
        if (p == null || spec.router() == null) {
            message.set("Load the data first.");
            return;
        }
        Path model = document.get().baseDir().resolve(spec.router().model());
        busy.set(true);
        tasks.run("Testing the current router", progress -> {
            try (Grid router = Grid.forModel(model, loader)) {
                return new Candidate("current router (" + spec.router().model() + ")", null,
                        RouterMetrics.decide(router, p.test()), new double[0], spec.router().threshold());
            }
        }, this::show, this::failed);
    }

    /** Trains a new router (logreg or mlp) on the pooled data; the curve fills while it trains. */
    public void train() {
        RouterPool p = pool.get();
        GridSpec spec = spec();
        if (p == null || spec.router() == null) {
            message.set("Load the data first.");
            return;
        }
        epochs.clear();
        busy.set(true);
        message.set("Training a " + kind.get() + " router...");
        RouterTrainer.Settings settings = new RouterTrainer.Settings(kind.get(), targetMisroute.get(),
                Math.max(1, Runtime.getRuntime().availableProcessors()), 42);
        RouterTrainer.Encoding encoding = spec.encoder() == null ? null : new RouterTrainer.Encoding(spec.encoder(),
                document.get().baseDir(), new Embeddings(loader, CacheFolders.current().resolve("embeddings"),
                        settings.threads()));
        tasks.run("Training the router", progress -> new RouterTrainer(loader).train(spec.router().routes(), p,
                List.of(), settings, encoding, progress, stats -> Platform.runLater(() -> epochs.add(stats))),
                (RouterTrainingResult r) -> show(new Candidate("new " + r.kind() + " router (temperature "
                        + String.format(Locale.ROOT, "%.2f", r.temperature()) + ", trained in "
                        + r.trainSeconds() + " s)", r.model().toByteArray(), r.decisions(), r.oosConfidence(),
                        r.threshold())), this::failed);
    }

    private void show(Candidate c) {
        busy.set(false);
        candidate.set(c);
        joint.set(null);
        if (Math.abs(threshold.get() - c.threshold()) < 1e-12) {
            recompute();
        } else {
            threshold.set(c.threshold());
        }
        message.set(c.name());
    }

    private void recompute() {
        Candidate c = candidate.get();
        if (c == null) {
            return;
        }
        RouterReport r = RouterMetrics.report(spec().router().routes(), c.decisions(), c.oosConfidence(),
                threshold.get());
        report.set(r);
        misrouted.setAll(c.decisions().stream().filter(d -> !d.right())
                .sorted((a, b) -> Double.compare(b.confidence(), a.confidence())).limit(200).toList());
    }

    /** Runs the held-out stream through the whole grid with the candidate router at the threshold. */
    public void testJoint() {
        Candidate c = candidate.get();
        RouterPool p = pool.get();
        if (c == null || p == null) {
            message.set("Evaluate or train a router first.");
            return;
        }
        GridSpec spec = spec();
        Path base = document.get().baseDir();
        double t = threshold.get();
        busy.set(true);
        tasks.run("Testing the whole grid", progress -> jointRun(c, spec, base, t, p, progress), r -> {
            busy.set(false);
            joint.set(r);
            message.set(String.format(Locale.ROOT, "Joint accuracy %.4f on %d requests at threshold %.3f",
                    r.jointAccuracy(), r.n(), t));
        }, this::failed);
    }

    private JointReport jointRun(Candidate c, GridSpec spec, Path base, double t, RouterPool p,
            Progress progress) {
        Path routerFile = null;
        try {
            GridSpec trial = spec.withRouter(spec.router().withThreshold(t));
            if (c.model() != null) {
                routerFile = Files.createTempFile("nanogrid-router", ".onnx");
                Files.write(routerFile, c.model());
                trial = trial.withRouter(trial.router().withModel(routerFile.toString()).withInput(null));
            }
            try (Grid grid = Grid.open(trial, base, loader)) {
                return JointEvaluation.run(grid, p.test(), progress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (routerFile != null) {
                routerFile.toFile().delete();
            }
        }
    }

    /**
     * Applies the candidate to the grid as one undoable edit: a new router model is saved beside
     * the grid under a new name (the previous file stays, so undo can go back to it), and the
     * threshold is set.
     */
    public void apply() {
        Candidate c = candidate.get();
        GridDocument doc = document.get();
        if (c == null || doc.spec().router() == null) {
            message.set("Nothing to apply yet.");
            return;
        }
        double t = Math.round(threshold.get() * 10_000) / 10_000.0;
        if (c.model() == null) {
            doc.apply("Router threshold " + t, s -> s.withRouter(s.router().withThreshold(t)));
            message.set("Threshold " + t + " applied.");
            return;
        }
        Path file = freeName(doc.baseDir(), "router");
        AtomicFiles.write(file, c.model());
        String path = GridPaths.relative(doc.baseDir(), file);
        doc.apply("Apply new router", s -> s.withRouter(s.router().withModel(path).withInput(null).withThreshold(t)));
        message.set("Applied " + path + " at threshold " + t + " (Edit > Undo goes back; save to keep it).");
    }

    private static Path freeName(Path dir, String base) {
        for (int i = 1;; i++) {
            Path p = dir.resolve(base + "-" + i + ".onnx");
            if (!Files.exists(p)) {
                return p;
            }
        }
    }

    private void failed(Throwable e) {
        busy.set(false);
        message.set("Failed: " + e.getMessage());
    }
}
