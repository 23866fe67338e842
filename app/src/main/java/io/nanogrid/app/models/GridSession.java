package io.nanogrid.app.models;

import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.bench.Latencies;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.ExpertStatus;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * The designed grid, running: opened in the background whenever the design changes in a way that
 * matters to it (models, routes, threshold; not the layout), used by the test console and for the
 * experts' health badges. The previous runtime is closed when the next one is ready.
 */
public final class GridSession implements AutoCloseable {
    private final ModelLoader loader;
    private final TaskRunner tasks;
    private final ReadOnlyObjectWrapper<Grid> grid = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ObservableMap<String, ExpertStatus> status = FXCollections.observableHashMap();
    private final Map<String, Latencies> expertLatency = new ConcurrentHashMap<>();
    private final ObservableMap<String, Double> p50 = FXCollections.observableHashMap();
    /** The design and the folder its paths are relative to, that the running grid was opened for. */
    private record Opened(GridSpec spec, Path baseDir) {
    }

    private Opened openedFor;
    private long generation;

    public GridSession(ModelLoader loader, TaskRunner tasks) {
        this.loader = loader;
        this.tasks = tasks;
    }

    public ReadOnlyObjectProperty<Grid> gridProperty() {
        return grid.getReadOnlyProperty();
    }

    /** Why the grid cannot run, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Health of each expert (FX thread). */
    public ObservableMap<String, ExpertStatus> status() {
        return status;
    }

    /** Median expert latency seen in the console or measured, in µs, by expert id. */
    public ObservableMap<String, Double> p50() {
        return p50;
    }

    /** Opens the grid for this design unless the running one already matches it. FX thread. */
    public void update(GridSpec spec, Path baseDir) {
        // the folder is part of the key: the same paths under another folder are other models
        Opened key = new Opened(spec.withLayout(Map.of()), baseDir.toAbsolutePath().normalize());
        if (key.equals(openedFor)) {
            return;
        }
        openedFor = key;
        long gen = ++generation;
        if (spec.experts().isEmpty()) {
            swap(null, "the grid has no expert yet: import an ONNX model");
            return;
        }
        if (spec.router() == null && spec.experts().size() > 1) {
            // a grid in progress: said in the workbench's words, not refused by the runtime with a command line
            swap(null, "no router yet: nothing chooses between the " + spec.experts().size() + " experts; New router "
                    + "(in the router lab) trains one from their labelled data");
            return;
        }
        tasks.run("Loading the grid's models", progress -> warm(Grid.open(spec, baseDir, loader)), g -> {
            if (gen != generation) {
                g.close();
                return;
            }
            swap(g, null);
        }, error -> {
            if (gen == generation) {
                swap(null, error.getMessage());
            }
        });
    }

    /**
     * A few requests shaped like the grid's input, so that the first request the user sends is not
     * timed with cold caches and an unwarmed JIT (the console and the latency badges show real timings).
     */
    private static Grid warm(Grid g) {
        try {
            var stages = g.stages();
            for (var r : SampleRequests.make(stages.entryInput(),
                    stages.entryModel().signature(), 200, 1)) {
                g.route(r);
            }
        } catch (RuntimeException e) {
            // a grid that cannot be warmed up still runs; its problems show on the first request
        }
        return g;
    }

    private void swap(Grid next, String why) {
        Grid old = grid.get();
        grid.set(next);
        problem.set(why);
        expertLatency.clear();
        p50.clear();
        refreshStatus();
        if (old != null) {
            old.close();
        }
    }

    /** Sends one request in the background; the answer comes back on the FX thread. */
    public void send(Request request, Consumer<GridResponse> onAnswer, Consumer<Throwable> onError) {
        Grid g = grid.get();
        if (g == null) {
            onError.accept(new IllegalStateException(problem.get() != null ? problem.get() : "the grid is loading"));
            return;
        }
        tasks.run("Running the request", progress -> g.route(request), r -> {
            record(r);
            refreshStatus();
            onAnswer.accept(r);
        }, onError);
    }

    private void record(GridResponse r) {
        if (r.route() != null && r.error() == null && r.result() != null) {
            var lat = expertLatency.computeIfAbsent(r.route(), k -> new Latencies(64));
            lat.add((long) (r.timings().expert() * 1000));
            p50.put(r.route(), Math.round(lat.percentileMicros(0.5) * 10) / 10.0);
        }
    }

    /** Puts measured p50 latencies (from a benchmark) in the badges. */
    public void putP50(Map<String, Double> measured) {
        p50.putAll(measured);
    }

    private void refreshStatus() {
        Grid g = grid.get();
        status.clear();
        if (g != null) {
            List<ExpertStatus> list = g.status();
            list.forEach(s -> status.put(s.id(), s));
        }
    }

    @Override
    public void close() {
        generation++;
        Grid g = grid.get();
        grid.set(null);
        if (g != null) {
            g.close();
        }
    }
}
