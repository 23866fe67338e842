package io.nanogrid.app.monitor;

import io.nanogrid.app.models.GridSession;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.ResilienceSpec;
import io.nanogrid.engine.load.LoadGenerator;
import io.nanogrid.engine.load.LoadMetrics;
import io.nanogrid.engine.load.LoadSample;
import io.nanogrid.engine.load.LoadSettings;
import io.nanogrid.engine.load.ReplayRequests;
import io.nanogrid.engine.runtime.ErrorCode;
import io.nanogrid.engine.runtime.ExpertStatus;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.files.AtomicFiles;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * The live monitor: replays the grid's evaluation requests at a chosen rate on a chosen number of
 * threads against the running grid, samples the figures 20 times a second into rolling series,
 * shows each expert's health, and injects faults into experts. The load threads are the engine's
 * {@link LoadGenerator} (daemons, stopped here, when the grid is reloaded and when the window
 * closes); loading the requests runs as a background task. FX thread.
 */
public final class MonitorViewModel implements AutoCloseable {
    /** How often the figures are sampled and the charts fed. */
    public static final Duration SAMPLE_EVERY = Duration.millis(50);
    /** Samples in the rolling window of the percentiles and rates: one second. */
    static final int WINDOW = 20;

    private final GridSession session;
    private final TaskRunner tasks;
    private final Function<Grid, ReplayRequests> requests;
    private final MonitorSeries series = new MonitorSeries();
    private final IntegerProperty rate = new SimpleIntegerProperty(500);
    private final IntegerProperty concurrency = new SimpleIntegerProperty(2);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper hasEncoder = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Press Start to replay requests.");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper resilience = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper throughput = new ReadOnlyDoubleWrapper();
    private final ReadOnlyLongWrapper requestsDone = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper errors = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper fallbacks = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper failovers = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper refused = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper timeouts = new ReadOnlyLongWrapper();
    private final ObservableList<ExpertRow> experts = FXCollections.observableArrayList();
    private final BooleanBinding canStart;
    private final Timeline sampler;
    private LoadGenerator generator;
    private LoadMetrics metrics;
    private ReplayRequests replay;
    /** Counts changes of the labelled data, so that requests loaded before a change are not kept after it. */
    private int dataVersion;
    private Grid replayFor;
    /** The grid the expert rows belong to. */
    private Grid grid;

    /**
     * @param requests what to replay for a grid (called in the background; the app passes the
     *                 experts' held-out data, tests their own requests)
     */
    public MonitorViewModel(GridSession session, TaskRunner tasks, Function<Grid, ReplayRequests> requests) {
        this.session = session;
        this.tasks = tasks;
        this.requests = requests;
        canStart = Bindings.createBooleanBinding(() -> session.gridProperty().get() != null && !running.get()
                && !loading.get(), session.gridProperty(), running, loading);
        sampler = new Timeline(new KeyFrame(SAMPLE_EVERY, e -> sample()));
        sampler.setCycleCount(Animation.INDEFINITE);
        rate.addListener((o, a, r) -> {
            if (generator != null && running.get()) {
                generator.setRate(Math.max(0, r.intValue()));
                status.set(describeRun());
            }
        });
        session.gridProperty().addListener((o, old, g) -> gridChanged(g));
        gridChanged(session.gridProperty().get());
    }

    /**
     * The experts' held-out data when it is there (see {@link ReplayRequests}).
     *
     * @param dataDir the workbench's datasets folder (the pulled sample data's once pulled), read at each load
     */
    public static Function<Grid, ReplayRequests> evaluationData(Supplier<Path> dataDir) {
        return g -> ReplayRequests.of(g, dataDir.get(), 42);
    }

    // ---- state the view binds to

    /** Target requests per second; 0 sends as fast as the threads can. Changes apply while running. */
    public IntegerProperty rate() {
        return rate;
    }

    /** Threads sending requests (applies at the next start). */
    public IntegerProperty concurrency() {
        return concurrency;
    }

    public ReadOnlyBooleanProperty running() {
        return running.getReadOnlyProperty();
    }

    /** True while the requests to replay are being loaded. */
    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }

    /** Whether the running grid has a shared encoder (its stage is charted on its own). */
    public ReadOnlyBooleanProperty hasEncoder() {
        return hasEncoder.getReadOnlyProperty();
    }

    public BooleanBinding canStart() {
        return canStart;
    }

    /** One line on what the monitor is doing, or what went wrong. */
    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    /** Where the replayed requests come from. */
    public ReadOnlyStringProperty source() {
        return source.getReadOnlyProperty();
    }

    /** The grid's time limit, breaker and failover settings, in a sentence or two. */
    public ReadOnlyStringProperty resilience() {
        return resilience.getReadOnlyProperty();
    }

    /** Requests answered per second over the last second. */
    public ReadOnlyDoubleProperty throughput() {
        return throughput.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty requestsDone() {
        return requestsDone.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty errors() {
        return errors.getReadOnlyProperty();
    }

    /** Answered "not sure" (or by the fallback) because the router was not confident. */
    public ReadOnlyLongProperty fallbacks() {
        return fallbacks.getReadOnlyProperty();
    }

    /** Answered by the fallback expert after their own expert failed. */
    public ReadOnlyLongProperty failovers() {
        return failovers.getReadOnlyProperty();
    }

    /** Refused at once by an open circuit breaker. */
    public ReadOnlyLongProperty refused() {
        return refused.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty timeouts() {
        return timeouts.getReadOnlyProperty();
    }

    public ObservableList<ExpertRow> experts() {
        return experts;
    }

    public MonitorSeries series() {
        return series;
    }

    // ---- commands

    /**
     * The labelled data changed (pulled, chosen, another folder): the next Start loads the requests to replay
     * again, so that it replays the experts' held-out data rather than the made-up requests of before.
     */
    public void dataChanged() {
        replay = null;
        replayFor = null;
        dataVersion++;
    }

    /** Starts replaying (loading the requests first, in the background, the first time for a grid). */
    public void start() {
        Grid g = session.gridProperty().get();
        if (!canStart.get()) {
            return;
        }
        if (replay != null && replayFor == g) {
            begin(g, replay);
            return;
        }
        loading.set(true);
        status.set("Loading the requests to replay...");
        int version = dataVersion;
        Task<ReplayRequests> task = tasks.run("Loading the requests to replay", progress -> requests.apply(g), r -> {
            loading.set(false);
            if (session.gridProperty().get() != g) {
                status.set("The grid was reloaded meanwhile; press Start again.");
                return;
            }
            if (version == dataVersion) { // kept for the next Start unless the data changed while they loaded
                replay = r;
                replayFor = g;
            }
            begin(g, r);
        }, e -> {
            loading.set(false);
            status.set("Cannot load requests to replay: " + e.getMessage());
        });
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> {
            loading.set(false);
            status.set("Cancelled.");
        });
    }

    private void begin(Grid g, ReplayRequests r) {
        source.set(r.description());
        metrics = new LoadMetrics(WINDOW, System.nanoTime());
        generator = new LoadGenerator(g, r.requests(), new LoadSettings(Math.max(0, rate.get()),
                Math.max(1, Math.min(LoadSettings.MAX_CONCURRENCY, concurrency.get()))), metrics);
        series.clear();
        generator.start();
        running.set(true);
        status.set(describeRun());
        sampler.play();
    }

    private String describeRun() {
        int threads = Math.max(1, Math.min(LoadSettings.MAX_CONCURRENCY, concurrency.get()));
        return String.format(Locale.ROOT, "Replaying %s at %s on %d thread%s", source.get(),
                rate.get() > 0 ? String.format(Locale.ROOT, "%,d requests/s", rate.get()) : "full speed", threads,
                threads == 1 ? "" : "s");
    }

    /** Stops the load threads (waiting for their last requests; an injected delay is cut short). */
    public void stop() {
        stop("Stopped");
    }

    private void stop(String why) {
        sampler.stop();
        if (generator == null) {
            return;
        }
        boolean ended = generator.stop(3_000);
        sample();
        long exceptions = generator.exceptions();
        generator = null;
        running.set(false);
        status.set(String.format(Locale.ROOT, "%s after %,d requests.%s%s", why, requestsDone.get(),
                ended ? "" : " A load thread did not end in time.", exceptions > 0 ? " The grid threw " + exceptions
                        + " times instead of answering." : ""));
    }

    /** Takes a sample: the charts' next points, the counters and the experts' health. Called by the timer. */
    public void sample() {
        if (metrics == null) {
            return;
        }
        // the experts' health first, then the totals: a refusal recorded between the two reads is then
        // counted in this sample, with the state that caused it. The other way round it landed in the next
        // sample, after this one already showed the expert healed ("ok").
        List<ExpertStatus> health = grid != null ? grid.status() : null;
        LoadSample s = metrics.sample(System.nanoTime());
        series.add(s, Math.max(0, rate.get()));
        LoadSample.Totals t = s.totals();
        throughput.set(s.throughput());
        requestsDone.set(t.requests());
        errors.set(t.errors());
        fallbacks.set(t.fallbacks());
        failovers.set(t.failovers());
        refused.set(t.count(ErrorCode.CIRCUIT_OPEN));
        timeouts.set(t.count(ErrorCode.TIMEOUT));
        showExperts(health);
    }

    private void refreshExperts() {
        if (grid != null) {
            showExperts(grid.status());
        }
    }

    private void showExperts(List<ExpertStatus> list) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size() && i < experts.size(); i++) {
            experts.get(i).update(list.get(i));
        }
    }

    /** Clears every injected fault. */
    public void clearFaults() {
        experts.forEach(ExpertRow::clearFaults);
    }

    private void applyFault(ExpertRow row) {
        if (grid != null) {
            grid.injectFault(row.id(), row.fault());
            refreshExperts();
        }
    }

    private void gridChanged(Grid g) {
        if (running.get()) {
            // stop before the old grid is closed (the session closes it after telling its listeners)
            stop("The grid was reloaded; stopped");
        }
        metrics = null;
        replay = null;
        replayFor = null;
        grid = g;
        experts.clear();
        resilience.set(g != null ? describeResilience(g.spec()) : "");
        hasEncoder.set(g != null && g.spec().encoder() != null);
        if (g != null) {
            for (ExpertStatus s : g.status()) {
                ExpertRow row = new ExpertRow(s.id(), this::applyFault);
                row.update(s);
                experts.add(row);
            }
        }
        series.setExperts(experts.stream().map(ExpertRow::id).toList());
    }

    static String describeResilience(GridSpec spec) {
        ResilienceSpec r = spec.resilience();
        String fallback = spec.router() != null && spec.router().fallback() != null
                ? "A failed expert's requests fail over to '" + spec.router().fallback() + "'."
                : "No fallback expert: a failed expert's requests get a typed error.";
        return String.format(Locale.ROOT, "Time limit %,d ms per expert run; a circuit breaker opens after %d "
                + "failures in a row and lets one request try again after %,d ms. %s", r.timeoutMs(),
                r.breakerFailures(), r.breakerCoolDownMs(), fallback);
    }

    /** Writes the kept samples as CSV (atomically, in the background). */
    public void exportCsv(Path file) {
        List<MonitorSeries.Row> rows = series.history();
        if (rows.isEmpty()) {
            status.set("Nothing to export yet: start a run first.");
            return;
        }
        tasks.run("Exporting the series", progress -> {
            MonitorCsv.write(rows, file);
            return file;
        }, f -> status.set(String.format(Locale.ROOT, "Exported %,d samples to %s", rows.size(), f)),
                e -> status.set("Cannot export: " + e.getMessage()));
    }

    /** Writes a picture of the charts (taken by the view) as PNG (atomically, in the background). */
    public void exportPng(RenderedImage image, Path file) {
        tasks.run("Exporting the charts", progress -> {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer");
                }
            });
            return file;
        }, f -> status.set("Exported the charts to " + f), e -> status.set("Cannot export: " + e.getMessage()));
    }

    /** Stops the load (the window is closing). */
    @Override
    public void close() {
        stop("Closed");
    }
}
