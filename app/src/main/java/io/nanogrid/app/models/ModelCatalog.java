package io.nanogrid.app.models;

import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.inspect.ModelInspector;
import io.nanogrid.engine.inspect.ModelReport;
import io.nanogrid.engine.model.ModelSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * What the workbench knows about each model file: its inspection report, made once in the
 * background and cached by path (and refreshed when the file changes), or why it cannot be read.
 */
public final class ModelCatalog {
    private final ModelInspector inspector;
    private final TaskRunner tasks;
    private final ObservableMap<Path, ModelReport> reports = FXCollections.observableHashMap();
    private final ObservableMap<Path, String> problems = FXCollections.observableHashMap();
    private final Set<Path> pending = new HashSet<>();

    public ModelCatalog(ModelInspector inspector, TaskRunner tasks) {
        this.inspector = inspector;
        this.tasks = tasks;
    }

    /** Reports by model path (FX thread). */
    public ObservableMap<Path, ModelReport> reports() {
        return reports;
    }

    /** Why a model could not be read, by path. */
    public ObservableMap<Path, String> problems() {
        return problems;
    }

    /** Inspects the model in the background unless it is known or on its way. */
    public void request(Path model) {
        Path p = model.toAbsolutePath().normalize();
        if (reports.containsKey(p) || problems.containsKey(p) || !pending.add(p)) {
            return;
        }
        if (!Files.exists(p)) {
            pending.remove(p);
            problems.put(p, "file not found: " + p);
            return;
        }
        tasks.run("Inspecting " + p.getFileName(), progress -> inspector.inspect(p), report -> {
            pending.remove(p);
            reports.put(p, report);
            if (report.loadError() != null) {
                problems.put(p, report.loadError());
            }
        }, error -> {
            pending.remove(p);
            problems.put(p, error.getMessage());
        });
    }

    /** Forgets a model so that the next request inspects it again (it was replaced on disk). */
    public void forget(Path model) {
        Path p = model.toAbsolutePath().normalize();
        reports.remove(p);
        problems.remove(p);
    }

    public ModelReport report(Path model) {
        return reports.get(model.toAbsolutePath().normalize());
    }

    public String problem(Path model) {
        return problems.get(model.toAbsolutePath().normalize());
    }

    /** The signature a report describes (what adapters and decoders bind to). */
    public static ModelSignature signature(ModelReport r) {
        return new ModelSignature(r.inputs(), r.outputs(), r.metadata());
    }
}
