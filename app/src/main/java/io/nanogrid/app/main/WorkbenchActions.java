package io.nanogrid.app.main;

import io.nanogrid.app.canvas.DesignerViewModel;
import io.nanogrid.engine.grid.GridSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.event.ActionEvent;
import javafx.scene.input.KeyCombination;
import org.controlsfx.control.action.Action;
import org.controlsfx.control.action.ActionGroup;
import org.controlsfx.control.action.ActionUtils;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The workbench's commands as ControlsFX Actions, with keyboard shortcuts, icons, and their
 * disabled state bound to the open grid's state (rebound when another grid is opened).
 */
final class WorkbenchActions {
    final Action newGrid;
    final Action open;
    final Action save;
    final Action saveAs;
    final Action exportBundle;
    final Action undo;
    final Action redo;
    final Action delete;
    final Action selectAll;
    final Action importModel;
    final Action addRouter;
    final Action autoLayout;
    final Action zoomIn;
    final Action zoomOut;
    final Action fit;
    final Action inspect;
    final Action measure;
    final Action quit;
    final Action workflows;
    final Action shortcuts;
    final Action about;

    private final MainViewModel vm;
    /** Icons by action: each button gets its own icon node (a node can be shown in one place only). */
    private final Map<Action, Ikon> icons = new HashMap<>();

    WorkbenchActions(MainViewModel vm, MainWindow w) {
        this.vm = vm;
        newGrid = action("New", FontAwesomeSolid.FILE, "Shortcut+N", e -> w.askThen(vm::newGrid));
        open = action("Open...", FontAwesomeSolid.FOLDER_OPEN, "Shortcut+O", e -> w.askThen(w::chooseAndOpen));
        save = action("Save", FontAwesomeSolid.SAVE, "Shortcut+S", e -> w.save());
        saveAs = action("Save As...", null, "Shortcut+Shift+S", e -> w.saveAs());
        exportBundle = action("Export bundle...", FontAwesomeSolid.FILE_EXPORT, "Shortcut+E", e -> w.exportBundle());
        undo = action("Undo", FontAwesomeSolid.UNDO, "Shortcut+Z", e -> vm.document().undo());
        redo = action("Redo", FontAwesomeSolid.REDO, "Shortcut+Shift+Z", e -> vm.document().redo());
        delete = action("Delete", FontAwesomeSolid.TRASH, "Delete", e -> vm.designer().deleteSelected());
        selectAll = action("Select All", null, "Shortcut+A", e -> vm.designer().selectAll());
        importModel = action("Import ONNX model...", FontAwesomeSolid.FILE_IMPORT, "Shortcut+I", e -> w.chooseModel());
        addRouter = action("Add router...", FontAwesomeSolid.CODE_BRANCH, null, e -> w.chooseRouterModel());
        autoLayout = action("Auto-layout", FontAwesomeSolid.PROJECT_DIAGRAM, "Shortcut+L",
                e -> vm.designer().autoLayout());
        zoomIn = action("Zoom In", FontAwesomeSolid.SEARCH_PLUS, "Shortcut+EQUALS", e -> w.canvas().zoomBy(1.2));
        zoomOut = action("Zoom Out", FontAwesomeSolid.SEARCH_MINUS, "Shortcut+MINUS", e -> w.canvas().zoomBy(1 / 1.2));
        fit = action("Fit to Window", FontAwesomeSolid.EXPAND, "Shortcut+0", e -> w.canvas().fit());
        inspect = action("Inspect Model", FontAwesomeSolid.MICROSCOPE, "Shortcut+M", e -> w.showModelTab());
        measure = action("Measure Latency", FontAwesomeSolid.STOPWATCH, null, e -> w.measureLatency());
        quit = action("Quit", null, "Shortcut+Q", e -> w.quit());
        workflows = action("Workflows", FontAwesomeSolid.BOOK_OPEN, "F1",
                e -> w.showHelp("Workflows", HelpContent.workflows()));
        shortcuts = action("Keyboard Shortcuts", FontAwesomeSolid.KEYBOARD, null,
                e -> w.showHelp("Keyboard shortcuts", String.join("\n", HelpContent.shortcuts(all()))));
        about = action("About Nanogrid", FontAwesomeSolid.INFO_CIRCLE, null,
                e -> w.showHelp("About Nanogrid", HelpContent.about(vm.settings())));
        vm.designerProperty().addListener((o, a, d) -> bind(d));
        bind(vm.designer());
    }

    private Action action(String text, Ikon icon, String keys, Consumer<ActionEvent> handler) {
        Action a = new Action(text, handler);
        if (icon != null) {
            icons.put(a, icon);
        }
        if (keys != null) {
            a.setAccelerator(KeyCombination.keyCombination(keys));
        }
        a.setLongText(text.replace("...", "") + (keys != null ? " (" + KeyCombination.keyCombination(keys)
                .getDisplayText() + ")" : ""));
        return a;
    }

    private void bind(DesignerViewModel d) {
        var doc = d.document();
        save.disabledProperty().bind(Bindings.not(doc.dirtyProperty()));
        undo.disabledProperty().bind(doc.canUndoProperty().not());
        redo.disabledProperty().bind(doc.canRedoProperty().not());
        undo.textProperty().bind(doc.undoTextProperty());
        redo.textProperty().bind(doc.redoTextProperty());
        delete.disabledProperty().bind(Bindings.isEmpty(d.selection()));
        ObservableBooleanValue single = Bindings.createBooleanBinding(() -> d.selection().size() == 1
                && !d.selection().contains(GridSpec.FALLBACK_NODE), d.selection());
        inspect.disabledProperty().bind(Bindings.not(single));
        addRouter.disabledProperty().bind(Bindings.createBooleanBinding(() -> doc.spec().router() != null,
                doc.specProperty()));
        measure.disabledProperty().bind(vm.session().gridProperty().isNull());
    }


    List<Action> menus() {
        return List.of(
                new ActionGroup("File", newGrid, open, save, saveAs,
                        ActionUtils.ACTION_SEPARATOR, exportBundle, ActionUtils.ACTION_SEPARATOR, quit),
                new ActionGroup("Edit", undo, redo, ActionUtils.ACTION_SEPARATOR, delete,
                        selectAll),
                new ActionGroup("Grid", importModel, addRouter, autoLayout,
                        ActionUtils.ACTION_SEPARATOR, inspect, measure),
                new ActionGroup("View", zoomIn, zoomOut, fit),
                new ActionGroup("Help", workflows, shortcuts, ActionUtils.ACTION_SEPARATOR, about));
    }

    /** Every command, in menu order. */
    List<Action> all() {
        return List.of(newGrid, open, save, saveAs, exportBundle, quit, undo, redo, delete, selectAll, importModel, addRouter,
                autoLayout, inspect, measure, zoomIn, zoomOut, fit, workflows, shortcuts, about);
    }

    /** A fresh icon for an action's button or menu item, or null. */
    FontIcon icon(Action a) {
        Ikon i = icons.get(a);
        return i == null ? null : new FontIcon(i);
    }

    List<Action> toolbar() {
        return List.of(newGrid, open, save, ActionUtils.ACTION_SEPARATOR, undo, redo, delete,
                ActionUtils.ACTION_SEPARATOR, importModel, addRouter, autoLayout, ActionUtils.ACTION_SEPARATOR,
                zoomIn, zoomOut, fit, ActionUtils.ACTION_SEPARATOR, inspect, measure);
    }
}
