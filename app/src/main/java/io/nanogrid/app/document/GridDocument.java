package io.nanogrid.app.document;

import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The grid being edited: its spec, its file, whether it has unsaved changes, and undo/redo. Every
 * edit is a named function from one (immutable) GridSpec to the next, so undo restores the
 * previous spec exactly and nothing else holds state that could drift.
 */
public final class GridDocument {
    private static final int UNDO_LIMIT = 200;
    /** The name of a new grid until its first save. */
    static final String UNTITLED = "untitled";

    private record Step(String name, GridSpec before, GridSpec after) {
    }

    private final ReadOnlyObjectWrapper<GridSpec> spec = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final ObjectProperty<GridSpec> saved = new SimpleObjectProperty<>();
    private final Deque<Step> undo = new ArrayDeque<>();
    private final Deque<Step> redo = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<String> undoName = new ReadOnlyObjectWrapper<>("");
    private final ReadOnlyObjectWrapper<String> redoName = new ReadOnlyObjectWrapper<>("");
    private final BooleanBinding dirty;

    public GridDocument(GridSpec initial, Path file) {
        spec.set(initial);
        saved.set(file != null ? initial : null);
        this.file.set(file);
        dirty = Bindings.createBooleanBinding(() -> !spec.get().equals(saved.get()), spec, saved);
    }

    /**
     * A new, empty grid with no file yet. Untouched, it has nothing to save (New after New asks nothing); its
     * first edit makes it dirty.
     */
    public static GridDocument empty() {
        GridSpec nothing = new GridSpec(GridSpec.FORMAT_VERSION, UNTITLED, null, null, List.of(), null, null);
        GridDocument doc = new GridDocument(nothing, null);
        doc.saved.set(nothing);
        return doc;
    }

    /** Reads and validates a grid file (a BadInputException names the problem; nothing is changed). */
    public static GridDocument open(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new GridDocument(GridFiles.read(abs), abs);
    }

    public ReadOnlyObjectProperty<GridSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    public GridSpec spec() {
        return spec.get();
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    public Path file() {
        return file.get();
    }

    /** The folder model paths are relative to: the grid file's, or the working folder for a new grid. */
    public Path baseDir() {
        return file.get() != null ? file.get().getParent() : Path.of("").toAbsolutePath();
    }

    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    public boolean isDirty() {
        return dirty.get();
    }

    /** Applies an edit; an edit that changes nothing is not recorded. */
    public void apply(String name, UnaryOperator<GridSpec> edit) {
        GridSpec before = spec.get();
        GridSpec after = edit.apply(before);
        if (after.equals(before)) {
            return;
        }
        undo.push(new Step(name, before, after));
        if (undo.size() > UNDO_LIMIT) {
            undo.removeLast();
        }
        redo.clear();
        spec.set(after);
        refresh();
    }

    public void undo() {
        if (!undo.isEmpty()) {
            Step s = undo.pop();
            redo.push(s);
            spec.set(s.before());
            refresh();
        }
    }

    public void redo() {
        if (!redo.isEmpty()) {
            Step s = redo.pop();
            undo.push(s);
            spec.set(s.after());
            refresh();
        }
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** "Undo Move" and the like, for menus. */
    public StringBinding undoTextProperty() {
        return Bindings.createStringBinding(() -> "Undo" + (undoName.get().isEmpty() ? "" : " " + undoName.get()),
                undoName);
    }

    public StringBinding redoTextProperty() {
        return Bindings.createStringBinding(() -> "Redo" + (redoName.get().isEmpty() ? "" : " " + redoName.get()),
                redoName);
    }

    private void refresh() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoName.set(undo.isEmpty() ? "" : undo.peek().name());
        redoName.set(redo.isEmpty() ? "" : redo.peek().name());
    }

    /**
     * Saves to a file atomically (validated first: an invalid grid is refused with the field that is
     * wrong, and the old file stays as it was). Model paths are made relative to the new folder.
     */
    public void saveAs(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        GridSpec named = spec.get();
        if (file.get() == null && UNTITLED.equals(named.name())) {
            named = named.withName(nameFor(abs)); // a new grid's first save names it after its file
        }
        GridSpec relocated = GridPaths.relocate(named, baseDir(), abs.getParent());
        GridFiles.write(relocated, abs);
        // the file first: whoever the spec's change wakes (the running grid) resolves its paths against the new folder
        file.set(abs);
        saved.set(relocated);
        if (!relocated.equals(spec.get())) {
            spec.set(relocated);
        }
    }

    /** The name a grid file suggests: its base name, or its folder's for a "grid.json" (as the sample grids). */
    static String nameFor(Path file) {
        String base = file.getFileName().toString().replaceFirst("(?i)\\.json$", "");
        Path folder = file.getParent() != null ? file.getParent().getFileName() : null;
        return base.equalsIgnoreCase("grid") && folder != null ? folder.toString() : base;
    }

    public void save() {
        if (file.get() == null) {
            throw new IllegalStateException("no file yet: use saveAs");
        }
        saveAs(file.get());
    }
}
