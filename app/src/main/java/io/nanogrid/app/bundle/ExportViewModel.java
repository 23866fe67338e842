package io.nanogrid.app.bundle;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.bundle.BitsProfile;
import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.bundle.BundleReader;
import io.nanogrid.engine.bundle.BundleReport;
import io.nanogrid.engine.bundle.BundleWriter;
import io.nanogrid.engine.bundle.ExportReport;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.WeightBits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;

/**
 * File > Export bundle...: the bits of each model (what `nanogrid export --bits-profile` takes), the
 * bundle file, the export in the background (the same {@link BundleWriter} the command runs, so the
 * same bytes), then the check `nanogrid verify` runs ({@link BundleReader}: checksums, limits, every
 * model loaded, each expert answering a request) and the bundle's size.
 */
public final class ExportViewModel {
    /** What export and verify found. */
    public record Result(ExportReport export, BundleReport verify) {
    }

    private final GridDocument doc;
    private final ModelLoader loader;
    private final TaskRunner tasks;
    private final Map<String, StringProperty> bits = new LinkedHashMap<>();
    private final ObjectProperty<Path> output = new SimpleObjectProperty<>();
    private final String problem;
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty message = new SimpleStringProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ObjectProperty<Result> result = new SimpleObjectProperty<>();
    private Task<Result> task;

    public ExportViewModel(GridDocument doc, ModelLoader loader, TaskRunner tasks) {
        this.doc = doc;
        this.loader = loader;
        this.tasks = tasks;
        GridSpec spec = doc.spec();
        nodes(spec).forEach(n -> bits.put(n, new SimpleStringProperty(BitsProfile.FLOAT)));
        problem = problem(doc);
        if (doc.file() != null) {
            output.set(doc.file().resolveSibling(fileName(spec.name())));
        }
        message.set(problem != null ? problem : "Choose the bits of each model and the bundle file, then Export.");
    }

    /** The choices for a model's bits: "float" and the weight widths. */
    public static List<String> choices() {
        List<String> out = new ArrayList<>();
        out.add(BitsProfile.FLOAT);
        WeightBits.WIDTHS.forEach(w -> out.add(String.valueOf(w)));
        return out;
    }

    /** Why this grid cannot be exported (no file, unsaved changes, not runnable), or null. */
    private static String problem(GridDocument doc) {
        if (doc.file() == null) {
            return "Save the grid first: the bundle is made from the saved grid file.";
        }
        if (doc.isDirty()) {
            return "The grid has unsaved changes: save it first (the bundle is made from the saved file).";
        }
        try {
            GridValidator.checkRunnable(doc.spec(), doc.file().getFileName().toString());
        } catch (BadInputException e) {
            return "Cannot export: " + e.getMessage();
        }
        return null;
    }

    /** The grid's nodes in the order export lists them: the encoder, the router, then the experts. */
    static List<String> nodes(GridSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec.encoder() != null) {
            out.add(GridSpec.ENCODER_NODE);
        }
        if (spec.router() != null) {
            out.add(GridSpec.ROUTER_NODE);
        }
        spec.experts().forEach(e -> out.add(e.id()));
        return out;
    }

    private static String fileName(String gridName) {
        String clean = gridName == null ? "" : gridName.replaceAll("[^A-Za-z0-9_.-]", "_");
        return (clean.isEmpty() ? "grid" : clean) + ".ngrid";
    }

    public List<String> nodes() {
        return List.copyOf(bits.keySet());
    }

    /** The bits of one node: "float", "8", "4" or "2". */
    public StringProperty bits(String node) {
        return bits.get(node);
    }

    /** Every node at the same bits. */
    public void setAll(String b) {
        bits.values().forEach(p -> p.set(b));
    }

    /** The profile as `--bits-profile` reads it: nodes at "float" left out. */
    public BitsProfile profile() {
        Map<String, String> chosen = new TreeMap<>();
        bits.forEach((n, p) -> {
            if (!BitsProfile.FLOAT.equals(p.get())) {
                chosen.put(n, p.get());
            }
        });
        return new BitsProfile(chosen, "the export dialog");
    }

    /** Takes the bits of a profile file (the one `nanogrid export --bits-profile` reads); a bad file is refused. */
    public void load(Path profileFile) {
        try {
            BitsProfile p = BitsProfile.read(profileFile);
            p.checkNodes(bits.keySet());
            bits.forEach((n, prop) -> prop.set(p.of(n)));
            error.set(null);
            message.set("Bits from " + profileFile.getFileName());
        } catch (BadInputException e) {
            error.set(e.getMessage());
        }
    }

    public ObjectProperty<Path> output() {
        return output;
    }

    /** Why the grid cannot be exported, or null. */
    public String problem() {
        return problem;
    }

    public BooleanProperty running() {
        return running;
    }

    /** Done share of the work, or -1 while it cannot say. */
    public DoubleProperty progress() {
        return progress;
    }

    public StringProperty message() {
        return message;
    }

    /** The last failure, one line naming the file or field, or null. */
    public StringProperty error() {
        return error;
    }

    public ObjectProperty<Result> result() {
        return result;
    }

    /** True when Export can do something now. */
    public BooleanBinding canExport() {
        return Bindings.createBooleanBinding(() -> problem == null && !running.get() && output.get() != null,
                running, output);
    }

    /** Whether exporting would replace an existing file (the view asks first). */
    public boolean wouldReplace() {
        return output.get() != null && Files.exists(output.get());
    }

    /**
     * Exports and verifies in the background. An existing file is replaced only when {@code replace} is
     * true (the user agreed); the bundle is written to a temporary file and renamed over it at the end,
     * so a failed or cancelled export leaves what was there.
     */
    public void export(boolean replace) {
        Path out = output.get();
        if (problem != null) {
            error.set(problem);
            return;
        }
        if (out == null || running.get()) {
            return;
        }
        if (Files.isDirectory(out)) {
            error.set("Cannot write " + out + ": it is a folder; give a file name such as grid.ngrid");
            return;
        }
        if (Files.exists(out) && !replace) {
            error.set(out.getFileName() + " exists: confirm to replace it, or choose another file.");
            return;
        }
        Path grid = doc.file();
        BitsProfile profile = profile();
        boolean existed = Files.exists(out);
        running.set(true);
        progress.set(-1);
        error.set(null);
        result.set(null);
        message.set("Exporting " + grid.getFileName() + "...");
        task = tasks.run("Exporting " + out.getFileName(), p -> {
            ExportReport written = new BundleWriter(loader).export(grid, out, profile, p);
            p.update(0, -1, "verifying " + out.getFileName());
            BundleReport checked = new BundleReader(loader, BundleLimits.defaults()).verify(out, p);
            return new Result(written, checked);
        }, r -> {
            running.set(false);
            progress.set(1);
            result.set(r);
            message.set(summary(r));
        }, e -> {
            running.set(false);
            progress.set(0);
            error.set(e.getMessage());
            message.set("Export failed.");
        });
        task.progressProperty().addListener((o, a, v) -> {
            if (running.get()) {
                progress.set(v.doubleValue());
            }
        });
        task.messageProperty().addListener((o, a, m) -> {
            if (running.get() && m != null) {
                message.set(m);
            }
        });
        // beside the runner's own handler, which keeps its list of running work
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> {
            running.set(false);
            progress.set(0);
            message.set(Files.exists(out) && !existed ? "Cancelled while verifying: " + out.getFileName()
                    + " was written but not verified." : "Cancelled: " + out.getFileName() + " was not written.");
        });
    }

    /** Stops the export: before the bundle is complete nothing is written (it goes to a temporary file until the end). */
    public void cancel() {
        if (task != null && running.get()) {
            task.cancel();
        }
    }

    /** What was written and verified, a line each. */
    public static String summary(Result r) {
        ExportReport e = r.export();
        BundleReport v = r.verify();
        List<String> lines = new ArrayList<>();
        Path file = Path.of(e.bundle());
        lines.add("Bundle " + file.getFileName() + ": " + bytes(e.bytes()) + " (" + String.format(Locale.ROOT, "%,d",
                e.bytes()) + " bytes), " + e.entries() + " entries, in " + file.toAbsolutePath().getParent());
        lines.add("sha256 " + e.sha256());
        lines.add(String.format(Locale.ROOT, "Verified: checksums, sizes, limits; %d models load; each expert answered "
                + "a request (%.2f s)", v.models().size(), v.seconds()));
        lines.add("Target bits: " + bitsLine(e.bits()) + "; memory estimate " + bytes(e.memoryEstimateBytes())
                + (e.quantized() ? "" : " (profile recorded; models not quantized)"));
        return String.join("\n", lines);
    }

    private static String bitsLine(Map<String, String> bits) {
        List<String> parts = new ArrayList<>();
        bits.forEach((n, b) -> parts.add(n + " " + b));
        Collections.sort(parts);
        return String.join(", ", parts);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MB", b / 1048576.0);
    }
}
