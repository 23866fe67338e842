package io.nanogrid.app.data;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.document.GridPaths;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.catalogue.DataStore;
import io.nanogrid.engine.data.DataGuess;
import io.nanogrid.engine.data.DataSources;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.ExpertData;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.router.ExpertDataStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;

/**
 * The experts' labelled data, as the labs see it: for each expert where its data is and whether it is there, what
 * to do when it is not (pull the sample data, choose a file), and doing it. Choosing a file records it in the grid
 * (one undoable edit, paths relative to the grid file); pulling fetches the catalogue's datasets with progress and
 * makes their folder the datasets folder.
 */
public final class LabData {
    private final Supplier<GridDocument> document;
    private final ObjectProperty<Path> dataDir;
    private final Supplier<DataStore> store;
    private final TaskRunner tasks;
    private final ObservableList<ExpertDataStatus> experts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canPull = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Task<?>> pulling = new ReadOnlyObjectWrapper<>();
    private final String pullLabel;
    private long generation;

    /**
     * @param dataDir the datasets folder the experts' recorded data is relative to (null when there is none); set
     *                to the pulled data's folder after a pull
     * @param store   the catalogue and its cache, for pulling
     */
    public LabData(Supplier<GridDocument> document, ObjectProperty<Path> dataDir, Supplier<DataStore> store,
            TaskRunner tasks) {
        this.document = document;
        this.dataDir = dataDir;
        this.store = store;
        this.tasks = tasks;
        this.pullLabel = "Pull the sample data" + size(store);
        dataDir.addListener((o, a, b) -> refresh());
    }

    /** " (12.6 MB)", or nothing when the catalogue cannot be read (a bad mirror setting says so at the pull). */
    private static String size(Supplier<DataStore> store) {
        try {
            return " (" + megabytes(store.get().sampleDataSize()) + ")";
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    /** Each expert's data and whether it is there, in the grid's order (FX thread). */
    public ObservableList<ExpertDataStatus> experts() {
        return experts;
    }

    /** One line: what the labs have to learn from, and what to do when something is missing. */
    public ReadOnlyStringProperty summary() {
        return summary.getReadOnlyProperty();
    }

    /** Whether an expert's data is recorded relative to a datasets folder that is not there: pulling brings it. */
    public ReadOnlyBooleanProperty canPull() {
        return canPull.getReadOnlyProperty();
    }

    /** Whether every expert's data is there. */
    public ReadOnlyBooleanProperty ready() {
        return ready.getReadOnlyProperty();
    }

    /** "Pull the sample data (12.6 MB)": the catalogue's datasets and their size. */
    public String pullLabel() {
        return pullLabel;
    }

    /** What the last choice or pull did (or why it failed). */
    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }

    /** The pull in progress (its progress and message), or null. */
    public ReadOnlyObjectProperty<Task<?>> pulling() {
        return pulling.getReadOnlyProperty();
    }

    /** The experts whose data is not there (none, missing, or in a datasets folder that is absent). */
    public List<String> lacking() {
        return experts.stream().filter(s -> !s.ready()).map(ExpertDataStatus::expert).toList();
    }

    /** Looks again (in the background: models' metadata are read) at where each expert's data is. */
    public void refresh() {
        GridDocument doc = document.get();
        GridSpec spec = doc.spec();
        Path base = doc.baseDir();
        Path root = dataDir.get();
        long gen = ++generation;
        tasks.run("Looking for the experts' data", p -> ExpertDataStatus.of(spec, base, root), list -> {
            if (gen == generation) {
                show(list);
            }
        }, e -> {
            if (gen == generation) {
                message.set("Cannot tell where the experts' data is: " + e.getMessage());
            }
        });
    }

    private void show(List<ExpertDataStatus> list) {
        experts.setAll(list);
        boolean pull = list.stream().anyMatch(s -> s.state() == ExpertDataStatus.State.NEEDS_DATASETS);
        canPull.set(pull);
        ready.set(!list.isEmpty() && list.stream().allMatch(ExpertDataStatus::ready));
        summary.set(describe(list));
    }

    static String describe(List<ExpertDataStatus> list) {
        if (list.isEmpty()) {
            return "No experts yet: import ONNX models in the designer, then choose their labelled data here.";
        }
        List<String> needPull = names(list, ExpertDataStatus.State.NEEDS_DATASETS);
        List<String> missing = names(list, ExpertDataStatus.State.MISSING);
        List<String> none = names(list, ExpertDataStatus.State.NONE);
        if (needPull.isEmpty() && missing.isEmpty() && none.isEmpty()) {
            return "Labelled data: " + String.join(", ", list.stream().map(s -> s.expert() + " ("
                    + Path.of(s.source()).getFileName() + ")").toList()) + ".";
        }
        StringBuilder s = new StringBuilder();
        if (!needPull.isEmpty()) {
            s.append("No datasets folder with the data of ").append(String.join(", ", needPull))
                    .append(": pull the sample data, or choose labelled data. ");
        }
        if (!missing.isEmpty()) {
            s.append("The labelled data of ").append(String.join(", ", missing)).append(" is not where the grid says ")
                    .append("(").append(String.join(", ", list.stream().filter(x -> x.state()
                            == ExpertDataStatus.State.MISSING).map(ExpertDataStatus::source).toList()))
                    .append("): choose it again. ");
        }
        if (!none.isEmpty()) {
            s.append("No labelled data for ").append(String.join(", ", none)).append(": choose labelled data ")
                    .append("(TSV, CSV, JSONL, IDX, .npy or a folder of images by class).");
        }
        return s.toString().trim();
    }

    private static List<String> names(List<ExpertDataStatus> list, ExpertDataStatus.State state) {
        return list.stream().filter(s -> s.state() == state).map(ExpertDataStatus::expert).toList();
    }

    /**
     * Records a file or folder as an expert's labelled data, once it has been read (in the background): how it
     * is read follows from what it is; a file that cannot be read changes nothing and says why.
     */
    public void choose(String expertId, Path file) {
        GridDocument doc = document.get();
        if (doc.spec().expert(expertId).isEmpty()) {
            message.set("'" + expertId + "' is not an expert of this grid");
            return;
        }
        message.set("Reading " + file.getFileName() + "...");
        Path abs = file.toAbsolutePath().normalize();
        tasks.run("Reading the labelled data of " + expertId, p -> {
            DataSource source = DataGuess.of(abs);
            Dataset data = DataSources.read(source, null, true, true);
            if (data.size() == 0) {
                throw new IllegalArgumentException(abs + " holds no labelled examples");
            }
            return new Read(source, data.size(), data.examples().stream().map(Example::label)
                    .filter(Objects::nonNull).distinct().count());
        }, read -> {
            if (document.get() != doc) {
                return;
            }
            DataSource relative = relative(read.source(), doc.baseDir());
            doc.apply("Data of " + expertId, s -> s.withExperts(s.experts().stream().map(e -> e.id().equals(expertId)
                    ? e.withData(new ExpertData(relative, null, null)) : e).toList()));
            message.set(expertId + ": " + read.examples() + " labelled examples, " + read.labels() + " labels, from "
                    + relative.path() + " (a fifth held out for testing)");
            refresh();
        }, e -> message.set("Cannot use " + abs.getFileName() + " for " + expertId + ": " + e.getMessage()));
    }

    private record Read(DataSource source, int examples, long labels) {
    }

    private static DataSource relative(DataSource s, Path base) {
        return new DataSource(GridPaths.relative(base, Path.of(s.path())), s.reader(), s.textColumn(),
                s.labelColumn(), s.header(), s.labels() == null ? null : GridPaths.relative(base, Path.of(s.labels())),
                s.rows(), s.features());
    }

    /** Pulls the catalogue's datasets (with progress, cancellable); their folder becomes the datasets folder. */
    public void pull() {
        if (pulling.get() != null) {
            return;
        }
        DataStore s = store.get();
        message.set("Pulling the sample data...");
        Task<?> t = tasks.run("Pulling the sample data", p -> {
            s.pullSampleData(p);
            return s.dataFolder();
        }, folder -> {
            pulling.set(null);
            message.set("Pulled the sample data into " + folder);
            if (folder.equals(dataDir.get())) {
                refresh();
            } else {
                dataDir.set(folder);
            }
        }, e -> {
            pulling.set(null);
            message.set("Pulling the sample data failed: " + e.getMessage() + " (nothing partial is kept; pull "
                    + "again to go on)");
        });
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> {
            pulling.set(null);
            message.set("Pull cancelled.");
        });
        pulling.set(t);
    }
}
