package io.nanogrid.app.routerlab;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.document.GridPaths;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.router.FirstRouter;
import io.nanogrid.engine.router.JointReport;
import io.nanogrid.engine.router.RouterComparison;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterMetrics;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.router.RouterReport;
import io.nanogrid.engine.router.RouterTrainer;
import io.nanogrid.engine.router.RouterTrainingResult;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.train.EpochStats;
import io.nanogrid.files.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;

/**
 * The router lab: the router's data per route, training with a live loss and accuracy curve,
 * the held-out figures (confusion, calibration, coverage at a threshold), misrouted requests,
 * joint grid accuracy, the user's own requests (labelled, then retrained with, the router before and
 * after side by side), and applying a new router and threshold to the grid (undoable).
 */
public final class RouterLabViewModel {
    /** One route's data: how many examples train and test it, and a few of them. */
    public record RouteData(String route, int train, int test, String source, List<String> examples) {
    }

    /**
     * A router under study: a new one just trained (with its model), or the grid's current one.
     *
     * @param routes the routes it was trained for when they differ from the grid's (a route added), else null
     */
    public record Candidate(String name, byte[] model, List<RouterMetrics.Routed> decisions, double[] oosConfidence,
            double threshold, List<String> routes) {
    }

    private final Supplier<GridDocument> document;
    private final ModelLoader loader;
    private final TaskRunner tasks;
    private final Supplier<Path> dataDir;
    private final UserRequestsModel requests;
    private final ObservableList<RouteData> routes = FXCollections.observableArrayList();
    private final ObservableList<EpochStats> epochs = FXCollections.observableArrayList();
    private final ObjectProperty<RouterPool> pool = new SimpleObjectProperty<>();
    private final ObjectProperty<Candidate> candidate = new SimpleObjectProperty<>();
    private final ObjectProperty<RouterReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<JointReport> joint = new SimpleObjectProperty<>();
    private final ObjectProperty<RouterComparison> comparison = new SimpleObjectProperty<>();
    private final ObservableList<RouterMetrics.Routed> misrouted = FXCollections.observableArrayList();
    private final DoubleProperty threshold = new SimpleDoubleProperty(0.5);
    private final StringProperty kind = new SimpleStringProperty("logreg");
    private final IntegerProperty perRoute = new SimpleIntegerProperty();
    private final DoubleProperty targetMisroute = new SimpleDoubleProperty(0.005);
    private final BooleanProperty withNgrams = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper encoderGrid = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper hasRouter = new ReadOnlyBooleanWrapper();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<Task<?>> task = new ReadOnlyObjectWrapper<>();
    private final StringProperty message = new SimpleStringProperty("Load the router's data to begin.");
    private final ReadOnlyStringWrapper outOfScope = new ReadOnlyStringWrapper("no out-of-scope set");
    private List<Request> oos = List.of();

    /**
     * @param document the open grid (it changes when another grid is opened: then call {@link #gridOpened})
     * @param dataDir  the datasets folder the experts' recorded data is relative to, or null
     */
    public RouterLabViewModel(Supplier<GridDocument> document, ModelLoader loader, TaskRunner tasks,
            Supplier<Path> dataDir) {
        this.document = document;
        this.loader = loader;
        this.tasks = tasks;
        this.dataDir = dataDir;
        this.requests = new UserRequestsModel(document, loader, tasks);
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

    /** The router before and after the last retraining with the user's requests, on the same requests. */
    public ObjectProperty<RouterComparison> comparison() {
        return comparison;
    }

    public ObservableList<RouterMetrics.Routed> misrouted() {
        return misrouted;
    }

    /** The user's own requests and their labels. */
    public UserRequestsModel requests() {
        return requests;
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

    /** On a grid with an encoder: the router learns from the text's hashed n-grams beside the embedding. */
    public BooleanProperty withNgrams() {
        return withNgrams;
    }

    /** Whether the open grid has a shared encoder (a router trained on it is a head on its embedding). */
    public ReadOnlyBooleanProperty encoderGrid() {
        return encoderGrid.getReadOnlyProperty();
    }

    /** Whether the open grid has a router to test (a grid in progress may have none yet). */
    public ReadOnlyBooleanProperty hasRouter() {
        return hasRouter.getReadOnlyProperty();
    }

    public BooleanProperty busy() {
        return busy;
    }

    /** The lab's work in progress (its progress and message), or null. */
    public ReadOnlyObjectProperty<Task<?>> task() {
        return task.getReadOnlyProperty();
    }

    public StringProperty message() {
        return message;
    }

    /** Where the out-of-scope requests come from, and how many. */
    public ReadOnlyStringProperty outOfScope() {
        return outOfScope.getReadOnlyProperty();
    }

    public ObjectProperty<RouterPool> pool() {
        return pool;
    }

    private GridSpec spec() {
        return document.get().spec();
    }

    /** Another grid was opened: what the lab showed belongs to the previous one. */
    public void gridOpened() {
        cancel();
        pool.set(null);
        candidate.set(null);
        report.set(null);
        joint.set(null);
        comparison.set(null);
        routes.clear();
        epochs.clear();
        misrouted.clear();
        encoderGrid.set(spec().encoder() != null);
        hasRouter.set(spec().router() != null);
        GridDocument doc = document.get();
        doc.specProperty().addListener((o, a, b) -> {
            if (document.get() == doc) {
                hasRouter.set(b.router() != null);
            }
        });
        withNgrams.set(false);
        // the grid's own threshold from the start, not a default until the router is tested
        threshold.set(spec().router() != null ? spec().router().threshold() : 0.5);
        message.set(spec().router() != null ? "Load the router's data to begin, or load your own requests to label "
                + "them." : noRouterYet(spec()));
        requests.gridOpened();
    }

    /** Stops the lab's work in progress. */
    public void cancel() {
        Task<?> t = task.get();
        if (t != null) {
            t.cancel();
        }
    }

    /**
     * Runs lab work in the background: busy meanwhile, the result dropped if another grid was opened, a
     * failure or a cancel said in the message.
     */
    private <T> void run(String title, String doing, Function<Progress, T> work, Consumer<T> done) {
        GridDocument opened = document.get();
        busy.set(true);
        message.set(doing);
        Task<T> t = tasks.run(title, work, r -> {
            task.set(null);
            busy.set(false);
            if (document.get() == opened) {
                done.accept(r);
            }
        }, e -> {
            task.set(null);
            failed(e);
        });
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> {
            task.set(null);
            busy.set(false);
            message.set("Cancelled.");
        });
        task.set(t);
    }

    /** What the lab says on a grid without a router. */
    static String noRouterYet(GridSpec spec) {
        return spec.experts().size() < 2 ? "No router yet: a router chooses between two experts or more; import "
                + "them in the designer (this grid has " + spec.experts().size() + ")."
                : "No router yet: New router trains one over the " + spec.experts().size() + " experts ("
                        + String.join(", ", spec.experts().stream().map(e -> e.id()).toList())
                        + ") from their labelled data; then Apply to grid.";
    }

    /**
     * The grid the router is trained for: the grid itself, or, when it has no router yet, the grid with its first
     * router (over every expert, as `nanogrid router train` makes it); null, with the reason said, when it cannot
     * have one (fewer than two experts).
     */
    private GridSpec trainSpec() {
        GridSpec spec = spec();
        if (spec.router() != null) {
            return spec;
        }
        if (spec.experts().size() < 2) {
            message.set(noRouterYet(spec));
            return null;
        }
        return FirstRouter.over(spec, FirstRouter.MODEL, spec.name());
    }

    /** Pools the router's data from the experts' data (in the background). */
    public void loadData() {
        GridSpec spec = trainSpec();
        if (spec == null) {
            return;
        }
        Path base = document.get().baseDir();
        int n = perRoute.get();
        run("Pooling the router's data", "Pooling the experts' data...", p -> pool(spec, base, dataDir.get(), n),
                result -> showLoaded(result, spec));
    }

    private static RouterPool pool(GridSpec spec, Path base, Path dataDir, int perRoute) {
        return RouterPool.build(spec, base, dataDir, null, options(spec, base, perRoute));
    }

    private void showLoaded(RouterPool result, GridSpec spec) {
        showPool(result, spec.router().routes());
        message.set(result.train().size() + " training and " + result.test().size()
                + " held-out requests over " + spec.router().routes().size() + " routes"
                + (result.notes().isEmpty() ? "" : "; " + String.join("; ", result.notes())));
    }

    /**
     * New router: the experts' data pooled and a router trained on it, in one go (the grid's routes, or every
     * expert when it has no router yet). Apply to grid then adds it to the grid.
     */
    public void newRouter() {
        GridSpec spec = trainSpec();
        if (spec == null) {
            return;
        }
        Path base = document.get().baseDir();
        int n = perRoute.get();
        RouterTrainer.Settings settings = settings();
        boolean ngrams = withNgrams.get();
        List<Request> outside = oos;
        List<String> routeNames = spec.router().routes();
        epochs.clear();
        run("Training a new router", "Pooling the experts' data, then training a " + kind.get() + " router...",
                progress -> {
                    RouterPool p = pool(spec, base, dataDir.get(), n);
                    progress.checkCancelled();
                    return new Object[] {p, new RouterTrainer(loader).train(routeNames, p, outside, settings,
                            Retraining.encoding(spec, base, loader, settings.threads(), ngrams), progress,
                            stats -> Platform.runLater(() -> epochs.add(stats)))};
                }, r -> {
                    showPool((RouterPool) r[0], routeNames);
                    show(candidate((RouterTrainingResult) r[1], spec().router() == null ? routeNames : null));
                });
    }

    /**
     * How the data is pooled: as the current router records (read from its model: call in the background), with
     * {@code perRoute} examples drawn per route when it is above 0.
     */
    private static RouterDataOptions options(GridSpec spec, Path base, int perRoute) {
        RouterDataOptions recorded = RouterPool.recordedOptions(spec, base);
        return perRoute > 0 ? recorded.with(perRoute, recorded.minWords(), recorded.exclude()) : recorded;
    }

    private void showPool(RouterPool result, List<String> routeNames) {
        pool.set(result);
        routes.setAll(RouteSummary.of(result, routeNames));
    }

    /** Loads out-of-scope requests, one a line: the share of them the fallback answers is then measured. */
    public void loadOutOfScope(Path file) {
        run("Reading out-of-scope requests", "Reading " + file.getFileName() + "...", p -> TextDatasets.lines(file,
                new DatasetOptions(null, null, null, false, false, 0)).examples().stream().map(Example::request)
                .toList(), list -> {
                    oos = list;
                    outOfScope.set(list.size() + " out-of-scope requests (" + file.getFileName() + ")");
                    message.set("Loaded " + list.size() + " out-of-scope requests from " + file);
                });
    }

    /** Measures the grid's current router (with the grid's encoder, if any) on the held-out data. */
    public void evaluateCurrent() {
        RouterPool p = pool.get();
        GridSpec spec = spec();
        if (spec.router() == null) {
            message.set(noRouterYet(spec));
            return;
        }
        if (p == null) {
            message.set("Load the data first.");
            return;
        }
        Path base = document.get().baseDir();
        List<Request> outside = oos;
        run("Testing the current router", "Testing the current router...", progress -> CurrentRouter.measure(spec,
                base, loader, p.test(), outside), this::show);
    }

    private RouterTrainer.Settings settings() {
        return new RouterTrainer.Settings(kind.get(), targetMisroute.get(),
                Math.max(1, Runtime.getRuntime().availableProcessors()), 42);
    }

    /** Trains a new router (logreg or mlp) on the pooled data; the curve fills while it trains. */
    public void train() {
        RouterPool p = pool.get();
        GridSpec spec = trainSpec();
        if (spec == null) {
            return;
        }
        if (p == null) {
            message.set("Load the data first.");
            return;
        }
        List<String> newRoutes = spec().router() == null ? spec.router().routes() : null;
        epochs.clear();
        RouterTrainer.Settings settings = settings();
        Path base = document.get().baseDir();
        boolean ngrams = withNgrams.get();
        List<Request> outside = oos;
        run("Training the router", "Training a " + kind.get() + " router...", progress -> new RouterTrainer(loader)
                .train(spec.router().routes(), p, outside, settings, Retraining.encoding(spec, base, loader,
                        settings.threads(), ngrams), progress, stats -> Platform.runLater(() -> epochs.add(stats))),
                (RouterTrainingResult r) -> show(candidate(r, newRoutes)));
    }

    private static Candidate candidate(RouterTrainingResult r, List<String> routes) {
        return new Candidate("new " + r.kind() + " router over " + r.features() + " (temperature "
                + String.format(Locale.ROOT, "%.2f", r.temperature()) + ", trained in " + r.trainSeconds() + " s)",
                r.model().toByteArray(), r.decisions(), r.oosConfidence(), r.threshold(), routes);
    }

    /**
     * The user's loop: retrains the router with the labelled requests as extra data (a label may add a route:
     * an expert the router does not route to yet), then shows the router it replaces and the new one side by
     * side on the same requests. Apply keeps the new one.
     */
    public void retrainWithRequests() {
        GridSpec spec = spec();
        if (spec.router() == null) {
            message.set(noRouterYet(spec));
            return;
        }
        List<UserRequest> labelled = requests.labelled();
        if (labelled.isEmpty()) {
            message.set("Label some of your requests first: one click on a request's right route.");
            return;
        }
        List<String> routeNames = new ArrayList<>(spec.router().routes());
        labelled.stream().map(UserRequest::route).distinct().filter(r -> !routeNames.contains(r))
                .forEach(routeNames::add);
        List<String> added = routeNames.subList(spec.router().routes().size(), routeNames.size());
        GridSpec trainSpec = added.isEmpty() ? spec
                : spec.withRouter(RouterSpecs.withRoutes(spec.router(), routeNames));
        Path base = document.get().baseDir();
        Path file = requests.file();
        Retraining.Job job = new Retraining.Job(trainSpec, spec, base, dataDir.get(), RequestFiles.dataset(
                file != null ? file.toString() : "your requests", labelled), null, oos, settings(), withNgrams.get());
        List<String> newRoutes = added.isEmpty() ? null : List.copyOf(routeNames);
        int n = perRoute.get();
        epochs.clear();
        run("Retraining the router with your requests", "Retraining the router with " + labelled.size()
                + " of your requests" + (added.isEmpty() ? "" : " (new route " + String.join(", ", added) + ")")
                + "...", progress -> Retraining.run(withOptions(job, n), loader, progress,
                        stats -> Platform.runLater(() -> epochs.add(stats))), r -> {
                            showPool(r.pool(), routeNames);
                            comparison.set(r.comparison());
                            show(candidate(r.trained(), newRoutes));
                            if (!r.notes().isEmpty()) {
                                message.set(message.get() + "; " + String.join("; ", r.notes()));
                            }
                        });
    }

    /** The job with the pooling options read (in the background: they are in the router model's metadata). */
    private static Retraining.Job withOptions(Retraining.Job j, int perRoute) {
        return new Retraining.Job(j.spec(), j.current(), j.baseDir(), j.dataDir(), j.extra(),
                options(j.current(), j.baseDir(), perRoute), j.oos(), j.settings(), j.withNgrams());
    }

    /** A held-out request the router misroutes, labelled by the user: it joins their requests. */
    public void labelMisroute(RouterMetrics.Routed r, String route) {
        if (!(r.example().request() instanceof TextRequest t)) {
            message.set("Only text requests can be kept as your requests.");
            return;
        }
        requests.labelHeldOut(t.text(), route, r.predicted(), r.confidence(), r.confidence() >= threshold.get());
        message.set("Added \"" + t.text() + "\" to your requests as " + route + ".");
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
        List<String> routeNames = c.routes() != null ? c.routes() : spec().router() != null ? spec().router().routes()
                : List.of();
        RouterReport r = RouterMetrics.report(routeNames, c.decisions(), c.oosConfidence(), threshold.get());
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
        GridSpec spec = trainSpec();
        if (spec == null) {
            return;
        }
        Path base = document.get().baseDir();
        double t = threshold.get();
        run("Testing the whole grid", "Testing the whole grid...", progress -> WholeGrid.test(c, spec, base, t, p,
                loader, progress), r -> {
                    joint.set(r);
                    message.set(String.format(Locale.ROOT, "Joint accuracy %.4f on %d requests at threshold %.3f",
                            r.jointAccuracy(), r.n(), t));
                });
    }

    /**
     * Applies the candidate to the grid as one undoable edit: a new router model is saved beside
     * the grid under a new name (the previous file stays, so undo can go back to it), and the
     * threshold is set (and the routes, when the candidate added one).
     */
    public void apply() {
        Candidate c = candidate.get();
        GridDocument doc = document.get();
        if (c == null || doc.spec().router() == null && (c.model() == null || c.routes() == null)) {
            message.set("Nothing to apply yet.");
            return;
        }
        double t = Math.round(threshold.get() * 10_000) / 10_000.0;
        if (doc.spec().router() == null) {
            Path file = RouterSpecs.freeName(RouterSpecs.folderFor(doc), "router");
            AtomicFiles.write(file, c.model());
            String path = GridPaths.relative(doc.baseDir(), file);
            doc.apply("New router", s -> s.withRouter(new RouterSpec(path, null, c.routes(), null, null, t, null)));
            message.set("Added the router " + path + " over " + String.join(", ", c.routes()) + " at threshold " + t
                    + " (Edit > Undo goes back; save to keep it). Try it in the console.");
            return;
        }
        if (c.model() == null) {
            doc.apply("Router threshold " + t, s -> s.withRouter(s.router().withThreshold(t)));
            message.set("Threshold " + t + " applied.");
            return;
        }
        Path file = RouterSpecs.freeName(RouterSpecs.folderFor(doc), "router");
        AtomicFiles.write(file, c.model());
        String path = GridPaths.relative(doc.baseDir(), file);
        doc.apply("Apply new router", s -> {
            RouterSpec r = s.router().withModel(path).withInput(null).withThreshold(t);
            return s.withRouter(c.routes() != null ? RouterSpecs.withRoutes(r, c.routes()) : r);
        });
        message.set("Applied " + path + " at threshold " + t + (c.routes() != null ? " with routes "
                + String.join(", ", c.routes()) : "") + " (Edit > Undo goes back; save to keep it).");
    }

    private void failed(Throwable e) {
        busy.set(false);
        message.set("Failed: " + inLabWords(e.getMessage()));
    }

    /** The pooling's messages, written for the command line, in the workbench's words. */
    static String inLabWords(String m) {
        if (m == null) {
            return "unknown error";
        }
        return m.replace(", and --data has no examples for it; add labelled requests (text, route) for it",
                        ": choose its labelled data (Choose labelled data... above)")
                .replace(" (give the datasets' folder with --data-dir DIR)", " (Pull the sample data above, or "
                        + "choose labelled data)")
                .replace("--data", "your requests");
    }
}
