package io.nanogrid.app.main;

import io.nanogrid.app.bundle.ExportViewModel;
import io.nanogrid.app.canvas.DesignerViewModel;
import io.nanogrid.app.console.ConsoleViewModel;
import io.nanogrid.app.data.LabData;
import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.document.RecentFiles;
import io.nanogrid.app.document.Recovery;
import io.nanogrid.app.models.GridSession;
import io.nanogrid.app.models.ModelCatalog;
import io.nanogrid.app.monitor.MonitorViewModel;
import io.nanogrid.app.quantlab.QuantLabViewModel;
import io.nanogrid.app.routerlab.RouterLabViewModel;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.catalogue.DataSettings;
import io.nanogrid.engine.catalogue.DataStore;
import io.nanogrid.engine.inspect.ModelInspector;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.quant.PlanService;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The workbench's state: the open grid (its document and designer), the model catalogue, the
 * running grid, the console, recent files and autosave. Opening, saving and closing live here;
 * the view only asks the user (file choosers, "save changes?").
 */
public final class MainViewModel implements AutoCloseable {
    private final WorkbenchSettings settings;
    private final ModelLoader loader;
    private final TaskRunner tasks;
    private final ModelCatalog catalog;
    private final GridSession session;
    private final ConsoleViewModel console;
    private final MonitorViewModel monitor;
    private final RecentFiles recent;
    private final Recovery recovery;
    private final RouterLabViewModel routerLab;
    private final QuantLabViewModel quantLab;
    private final ObjectProperty<Path> dataDir = new SimpleObjectProperty<>();
    private final LabData labData;
    private final ObjectProperty<DesignerViewModel> designer = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty message = new SimpleStringProperty("Ready");

    public MainViewModel(WorkbenchSettings settings, ModelLoader loader, TaskRunner tasks) {
        this(settings, loader, tasks, () -> DataStore.of(DataSettings.current(null, null)));
    }

    /** @param store the data catalogue and its cache, for pulling the sample data */
    public MainViewModel(WorkbenchSettings settings, ModelLoader loader, TaskRunner tasks, Supplier<DataStore> store) {
        this.settings = settings;
        this.dataDir.set(settings.dataDir());
        this.loader = loader;
        this.tasks = tasks;
        this.catalog = new ModelCatalog(new ModelInspector(loader), tasks);
        this.session = new GridSession(loader, tasks);
        this.console = new ConsoleViewModel(session);
        this.monitor = new MonitorViewModel(session, tasks, MonitorViewModel.evaluationData(dataDir::get));
        dataDir.addListener((o, a, b) -> monitor.dataChanged());
        this.recent = new RecentFiles(settings.recentFile());
        this.recovery = new Recovery(settings.recoveryDir());
        this.routerLab = new RouterLabViewModel(this::document, loader, tasks, dataDir::get);
        this.quantLab = new QuantLabViewModel(this::document, new PlanService(loader, ModelQuantizer.standard()), tasks,
                dataDir::get, 200);
        this.labData = new LabData(this::document, dataDir, store, tasks);
        show(GridDocument.empty());
    }

    public ObjectProperty<DesignerViewModel> designerProperty() {
        return designer;
    }

    public DesignerViewModel designer() {
        return designer.get();
    }

    public GridDocument document() {
        return designer.get().document();
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public GridSession session() {
        return session;
    }

    public RouterLabViewModel routerLab() {
        return routerLab;
    }

    /** The experts' labelled data, for the labs: where it is, choosing it, pulling the sample data. */
    public LabData labData() {
        return labData;
    }

    /**
     * The datasets folder the experts' recorded data is relative to: the settings' at start, the pulled data's
     * folder after a pull; null when there is none.
     */
    public ObjectProperty<Path> dataDir() {
        return dataDir;
    }

    public QuantLabViewModel quantLab() {
        return quantLab;
    }

    public ConsoleViewModel console() {
        return console;
    }

    public MonitorViewModel monitor() {
        return monitor;
    }

    public TaskRunner tasks() {
        return tasks;
    }

    /** File > Export bundle...: the export of the open grid's saved file (refused, with the reason, when unsaved). */
    public ExportViewModel exportBundle() {
        return new ExportViewModel(document(), loader, tasks);
    }

    public RecentFiles recent() {
        return recent;
    }

    public Recovery recovery() {
        return recovery;
    }

    public WorkbenchSettings settings() {
        return settings;
    }

    /** The last problem to show the user (an error dialog), or null. */
    public StringProperty error() {
        return error;
    }

    public StringProperty message() {
        return message;
    }

    /** "Nanogrid - name * (file)" for the window title of a document. */
    public static StringBinding title(GridDocument doc) {
        return Bindings.createStringBinding(() -> "Nanogrid - " + doc.spec().name() + (doc.isDirty() ? " *" : "")
                + (doc.file() != null ? "  (" + doc.file() + ")" : ""), doc.specProperty(), doc.dirtyProperty(),
                doc.fileProperty());
    }

    private void show(GridDocument doc) {
        DesignerViewModel before = designer.get();
        if (before != null && before.document().isDirty() && before.document() != doc) {
            // its changes were discarded (the user chose "Don't Save"): not to be offered again at the next start
            recovery.clear(before.document().file());
        }
        designer.set(new DesignerViewModel(doc, catalog, session));
        console.clear();
        routerLab.gridOpened();
        labData.refresh();
        doc.specProperty().addListener((o, a, b) -> {
            if (document() == doc && !a.experts().equals(b.experts())) {
                labData.refresh();
                monitor.dataChanged();
            }
        });
    }

    public void newGrid() {
        show(GridDocument.empty());
        message.set("New grid: drop .onnx models onto the canvas");
    }

    /**
     * Opens a grid file. A file that cannot be read or is not a valid grid is refused with a clear
     * message, and the open grid stays as it was.
     */
    public boolean open(Path file) {
        try {
            GridDocument doc = GridDocument.open(file);
            show(doc);
            recent.opened(doc.file());
            message.set("Opened " + doc.file());
            return true;
        } catch (RuntimeException e) {
            error.set("Cannot open " + file + ":\n" + e.getMessage());
            return false;
        }
    }

    /** The grid to open at start: the sample grid on first start, else the last one opened. */
    public Path startGrid() {
        List<Path> r = recent.files();
        return !r.isEmpty() ? r.get(0) : settings.sampleGrid();
    }

    public boolean save() {
        GridDocument doc = document();
        if (doc.file() == null) {
            return false;
        }
        return saveAs(doc.file());
    }

    /** Saves (validated, atomically); a grid that is not valid yet is refused with the field to fix. */
    public boolean saveAs(Path file) {
        GridDocument doc = document();
        Path before = doc.file();
        try {
            doc.saveAs(file);
            recovery.clear(before);
            recovery.clear(doc.file());
            recent.opened(doc.file());
            message.set("Saved " + doc.file());
            designer.get().refresh();
            return true;
        } catch (RuntimeException e) {
            error.set("Cannot save: " + e.getMessage());
            return false;
        }
    }

    /** Writes unsaved changes to the recovery folder (called on a timer). */
    public void autosave() {
        try {
            recovery.autosave(document());
        } catch (RuntimeException e) {
            message.set("Autosave failed: " + e.getMessage());
        }
    }

    public List<Recovery.Found> pendingRecovery() {
        return recovery.pending();
    }

    public void restore(Recovery.Found found) {
        show(Recovery.restore(found));
        message.set("Restored the unsaved changes made " + Recovery.when(found.written(), Instant.now(),
                ZoneId.systemDefault()));
    }

    /** The window is closing cleanly: no recovery file is needed any more. */
    @Override
    public void close() {
        recovery.clear(document().file());
        tasks.cancelAll();
        monitor.close();
        session.close();
    }
}
