package io.nanogrid.app.main;

import atlantafx.base.theme.PrimerLight;
import io.nanogrid.app.bundle.ExportView;
import io.nanogrid.app.bundle.ExportViewModel;
import io.nanogrid.app.canvas.CanvasView;
import io.nanogrid.app.canvas.DesignerViewModel;
import io.nanogrid.app.console.ConsoleView;
import io.nanogrid.app.data.DataBar;
import io.nanogrid.app.inspector.InspectorView;
import io.nanogrid.app.inspector.ModelReportView;
import io.nanogrid.app.monitor.MonitorView;
import io.nanogrid.app.quantlab.QuantLabView;
import io.nanogrid.app.routerlab.RouterLabView;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.inspect.ModelReport;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import org.controlsfx.control.action.Action;
import org.controlsfx.control.action.ActionUtils;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: menus and toolbar, the palette on the left, the canvas in the centre with the
 * test console below it, the inspector and the model inspector on the right, and a status bar with
 * running work, progress and cancel. It builds nodes and binds them; the decisions are the view
 * models'.
 */
public final class MainWindow {
    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final StackPane canvasHolder = new StackPane();
    private final StackPane inspectorHolder = new StackPane();
    private final NotificationPane notifications = new NotificationPane(canvasHolder);
    /** The Model tab's view, built at its first showing like the labs' (null before). */
    private ModelReportView modelView;
    private final TabPane rightTabs = new TabPane();
    private final TabPane workspaces = new TabPane();
    /** The views not built yet (built on their tab's first visit, or by {@link #buildViewsWhenIdle}). */
    private final List<Runnable> unbuilt = new ArrayList<>();
    private final Tab modelTab = lazyTab("Model", "model", () -> {
        modelView = new ModelReportView();
        updateModelView();
        return modelView;
    });
    private final WorkbenchActions actions;
    private final MenuBar menuBar;
    private CanvasView canvas;
    private Window window;
    private Function<Window, List<Path>> modelDialog = this::nativeModelDialog;
    private DataBar.Chooser dataDialog = DataBar.nativeDialogs();

    public MainWindow(MainViewModel vm) {
        this.vm = vm;
        // the theme is part of the window: its stylesheet defines the colors workbench.css uses
        Application.setUserAgentStylesheet(
                new PrimerLight().getUserAgentStylesheet());
        root.getStyleClass().add("workbench");
        root.getStylesheets().add(MainWindow.class.getResource("/io/nanogrid/app/workbench.css").toExternalForm());
        actions = new WorkbenchActions(vm, this);
        menuBar = ActionUtils.createMenuBar(actions.menus());
        menuBar.getMenus().get(0).getItems().add(3, recentMenu());
        ToolBar toolBar = new ToolBar();
        for (Action a : actions.toolbar()) {
            if (a == ActionUtils.ACTION_SEPARATOR) {
                toolBar.getItems().add(new Separator());
            } else {
                Button b = ActionUtils.createButton(a, ActionUtils.ActionTextBehavior.HIDE);
                b.graphicProperty().unbind();
                b.setGraphic(actions.icon(a));
                b.getStyleClass().add("flat");
                toolBar.getItems().add(b);
            }
        }
        root.setTop(new VBox(menuBar, toolBar));

        PaletteView palette = new PaletteView(List.of(
                new PaletteView.Entry("New router", FontAwesomeSolid.MAGIC, this::newRouter, null),
                new PaletteView.Entry("Router...", FontAwesomeSolid.CODE_BRANCH, this::chooseRouterModel, null),
                new PaletteView.Entry("Import ONNX model...", FontAwesomeSolid.FILE_IMPORT, this::chooseModel, null),
                new PaletteView.Entry("Fallback: \"not sure\"", FontAwesomeSolid.QUESTION_CIRCLE,
                        () -> vm.designer().setFallback(null), null)),
                vm.settings().samplesDir(), p -> vm.designer().importModel(p, 460, 40));

        ConsoleView console = new ConsoleView(vm.console());
        SplitPane center = new SplitPane(notifications, console);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.68);

        rightTabs.getTabs().addAll(new Tab("Properties", inspectorHolder), modelTab);
        rightTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        rightTabs.setPrefWidth(360);
        root.setCenter(workspaces(new BorderPane(center, null, rightTabs, null, palette)));
        root.setBottom(statusBar());

        vm.designerProperty().addListener((o, a, d) -> show(d));
        show(vm.designer());
        vm.catalog().reports().addListener((MapChangeListener<Path, ModelReport>) c -> updateModelView());
        vm.error().addListener((o, a, msg) -> {
            if (msg != null) {
                error(msg);
                vm.error().set(null);
            }
        });
        Timeline autosave = new Timeline(new KeyFrame(Duration.seconds(30), e -> vm.autosave()));
        autosave.setCycleCount(Timeline.INDEFINITE);
        autosave.play();
    }

    /**
     * The workspaces: the designer (palette, canvas and console, inspector) and the labs beside it.
     * A lab's view is built when its tab is first shown, so that start-up builds and lays out the
     * designer only (the labs' view models, and so their state, exist from the start).
     */
    private TabPane workspaces(BorderPane designer) {
        Tab design = new Tab("Designer", designer);
        design.setId("designer");
        workspaces.getTabs().addAll(design,
                lazyTab("Router lab", "router", () -> new RouterLabView(vm.routerLab(), dataBar())),
                lazyTab("Quantization lab", "quant", () -> new QuantLabView(vm.quantLab(), dataBar())),
                lazyTab("Monitor", "monitor", () -> new MonitorView(vm.monitor(), dataBar())));
        workspaces.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        workspaces.getStyleClass().add("workspaces");
        return workspaces;
    }

    private DataBar dataBar() {
        return new DataBar(vm.labData(), () -> dataDialog);
    }

    /**
     * The dialogs that choose models to import and the experts' labelled data (the platform's by default; a
     * test's own, which answer without a native window).
     */
    public void useDialogs(Function<Window, List<Path>> models, DataBar.Chooser data) {
        this.modelDialog = models;
        this.dataDialog = data;
    }

    /** New router, from the designer: the router lab trains one over every expert (Apply to grid adds it). */
    void newRouter() {
        showView("router");
        vm.routerLab().newRouter();
    }

    /** Asks for an expert's labelled data (a file) and records it in the grid once read. */
    void chooseData(String expert) {
        Path p = dataDialog.choose(expert, false, window);
        if (p != null) {
            vm.labData().choose(expert, p);
        }
    }

    private Tab lazyTab(String title, String id, Supplier<Node> view) {
        Tab tab = new Tab(title);
        tab.setId(id);
        Runnable build = () -> {
            if (tab.getContent() == null) {
                tab.setContent(view.get());
            }
        };
        unbuilt.add(build);
        tab.selectedProperty().addListener((o, was, selected) -> {
            if (selected) {
                build.run();
            }
        });
        return tab;
    }

    /**
     * Builds the labs' views now, one at a time with a pause between them, so that a lab's first visit is as
     * quick as a later one (building and first laying out a lab took 0.5-1.7 s on its first visit; see
     * WorkbenchWalkMain). The app calls it once its window shows; a view already built is left as is.
     */
    public void buildViewsWhenIdle(Duration first, Duration between) {
        PauseTransition wait = new PauseTransition(first);
        wait.setOnFinished(e -> {
            if (!unbuilt.isEmpty()) {
                unbuilt.remove(0).run();
                buildViewsWhenIdle(between, between);
            }
        });
        wait.play();
    }

    /** Shows a workspace by its id ("designer", "router", "quant", "monitor"). */
    public void showView(String id) {
        workspaces.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
                .ifPresent(t -> workspaces.getSelectionModel().select(t));
    }

    public Parent root() {
        return root;
    }

    public CanvasView canvas() {
        return canvas;
    }

    /** The window the view lives in (for dialogs and file choosers). */
    public void setWindow(Window window) {
        this.window = window;
    }

    private void show(DesignerViewModel d) {
        canvas = new CanvasView(d);
        canvas.setOnInspect(id -> showModelTab());
        // what a grid in progress lacks, below the canvas: over it, it would cover nodes; at its top, the banner
        // slides over it
        GridTodo todo = new GridTodo(d, vm.labData(), this::newRouter, this::chooseModel, this::chooseData);
        BorderPane.setMargin(todo, new javafx.geometry.Insets(0, 6, 6, 6));
        canvasHolder.getChildren().setAll(new BorderPane(canvas, null, null, todo, null));
        inspectorHolder.getChildren().setAll(new InspectorView(d, vm.catalog()));
        d.notice().addListener((o, a, msg) -> {
            if (msg != null) {
                Banner.showUntilNextChange(notifications, msg, d.document().specProperty());
                d.clearNotice();
            }
        });
        d.selection().addListener((SetChangeListener<String>) c -> updateModelView());
        d.nodes().addListener((ListChangeListener<Object>) c -> updateModelView());
        updateModelView();
        if (window instanceof Stage stage) {
            stage.titleProperty().bind(MainViewModel.title(d.document()));
        }
        Platform.runLater(canvas::fit);
    }

    /** Binds the window title; call once the window exists. */
    public void attach(Stage stage) {
        setWindow(stage);
        // a minimum, so that neither the window manager nor a file dialog leaves it at 200x200
        WindowSize.applyMinimum(stage, Screen.getPrimary().getVisualBounds());
        stage.titleProperty().bind(MainViewModel.title(vm.document()));
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.textProperty().bind(vm.message());
        // a long message (a path, an error) is cut at the window's edge: the tooltip holds all of it
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(bar.textProperty());
        bar.setTooltip(whole);
        vm.tasks().latest().addListener((o, a, t) -> {
            bar.progressProperty().unbind();
            bar.textProperty().unbind();
            if (t != null) {
                bar.progressProperty().bind(t.progressProperty());
                bar.textProperty().bind(t.messageProperty());
            } else {
                bar.setProgress(0);
                bar.textProperty().bind(vm.message());
            }
        });
        Button cancel = new Button("Cancel", new FontIcon(FontAwesomeSolid.TIMES));
        cancel.visibleProperty().bind(Bindings.isNotEmpty(vm.tasks().running()));
        cancel.setOnAction(e -> vm.tasks().cancelAll());
        bar.getRightItems().add(cancel);
        return bar;
    }

    private Menu recentMenu() {
        Menu recent = new Menu("Open Recent");
        Runnable fill = () -> {
            recent.getItems().clear();
            for (Path p : vm.recent().files()) {
                MenuItem item = new MenuItem(p.toString());
                item.setOnAction(e -> askThen(() -> vm.open(p)));
                recent.getItems().add(item);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        vm.recent().files().addListener((ListChangeListener<Path>) c -> fill.run());
        fill.run();
        return recent;
    }

    private void updateModelView() {
        if (modelView == null) {
            return; // it reads the selection when it is built
        }
        DesignerViewModel d = vm.designer();
        Optional<String> id = d.single();
        GridSpec s = d.document().spec();
        String model = id.flatMap(i -> i.equals(GridSpec.ROUTER_NODE)
                ? Optional.ofNullable(s.router()).map(r -> r.model())
                : i.equals(GridSpec.ENCODER_NODE) ? Optional.ofNullable(s.encoder()).map(e -> e.model())
                : s.expert(i).map(e -> e.model())).orElse(null);
        if (model == null || model.isBlank()) {
            modelView.show(null, "Select the router, the encoder or an expert to inspect its model.");
            return;
        }
        Path p = d.modelPath(model);
        ModelReport r = vm.catalog().report(p);
        String problem = vm.catalog().problem(p);
        modelView.show(r, problem != null ? problem : "Inspecting " + p.getFileName() + "...");
    }

    void showModelTab() {
        rightTabs.getSelectionModel().select(modelTab);
        updateModelView();
    }

    // ---- file and grid commands (the view asks; the view model acts)

    /** Runs {@code then} after the user agreed to lose or save unsaved changes. */
    void askThen(Runnable then) {
        if (!vm.document().isDirty()) {
            then.run();
            return;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Save changes to \"" + vm.document().spec().name() + "\"?");
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
        a.getButtonTypes().setAll(save, discard, ButtonType.CANCEL);
        a.initOwner(window);
        Optional<ButtonType> choice = a.showAndWait();
        if (choice.isEmpty() || choice.get() == ButtonType.CANCEL) {
            return;
        }
        if (choice.get() == save && !save()) {
            return;
        }
        then.run();
    }

    void chooseAndOpen() {
        FileChooser c = chooser("Open a grid", "Grid files", "*.json");
        File f = c.showOpenDialog(window);
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    boolean save() {
        return vm.document().file() == null ? saveAs() : vm.save();
    }

    boolean saveAs() {
        FileChooser c = chooser("Save the grid", "Grid files", "*.json");
        c.setInitialFileName(vm.document().spec().name() + ".json");
        File f = c.showSaveDialog(window);
        return f != null && vm.saveAs(f.toPath());
    }

    /**
     * File > Export bundle...: a dialog of its own (bits, file, progress, the verification and the size);
     * closing it while the export runs cancels the export.
     */
    void exportBundle() {
        ExportViewModel export = vm.exportBundle();
        Dialog<Void> d = new Dialog<>();
        d.setTitle("Export bundle");
        d.setHeaderText("Export \"" + vm.document().spec().name() + "\" as a bundle (.ngrid)");
        d.getDialogPane().setContent(new ExportView(export, c -> c.showSaveDialog(d.getDialogPane().getScene()
                .getWindow()), c -> c.showOpenDialog(d.getDialogPane().getScene().getWindow())));
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        d.setResizable(true);
        d.initOwner(window);
        d.setOnHidden(e -> export.cancel());
        d.show();
    }

    void chooseModel() {
        List<Path> files = modelDialog.apply(window);
        if (files != null) {
            for (int i = 0; i < files.size(); i++) {
                vm.designer().importModel(files.get(i), 460 + 24 * i, 40 + 24 * i);
            }
        }
    }

    private List<Path> nativeModelDialog(Window owner) {
        FileChooser c = chooser("Import an ONNX model as an expert", "ONNX models", "*.onnx");
        List<File> files = c.showOpenMultipleDialog(owner);
        return files == null ? null : files.stream().map(File::toPath).toList();
    }

    void chooseRouterModel() {
        FileChooser c = chooser("Choose the router's ONNX model", "ONNX models", "*.onnx");
        File f = c.showOpenDialog(window);
        if (f != null) {
            vm.designer().addRouter(f.toPath(), 80, 200);
        }
    }

    void measureLatency() {
        var grid = vm.session().gridProperty().get();
        vm.tasks().run("Measuring expert latency", progress -> LatencyProbe.measure(grid, progress),
                p50 -> {
                    vm.session().putP50(p50);
                    vm.message().set("Measured p50 latency of " + p50.size() + " experts");
                }, e -> error("Measuring failed: " + e.getMessage()));
    }

    void quit() {
        askThen(() -> {
            vm.close();
            if (window != null) {
                window.hide();
            }
            Platform.exit();
        });
    }

    private FileChooser chooser(String title, String what, String pattern) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        Path dir = vm.document().file() != null ? vm.document().file().getParent() : null;
        if (dir != null && dir.toFile().isDirectory()) {
            c.setInitialDirectory(dir.toFile());
        }
        return c;
    }

    /** A help text in a window of its own, left open beside the workbench; the text can be selected and copied. */
    void showHelp(String title, String text) {
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(false);
        area.getStyleClass().add("help-text");
        // the dialog is a scene of its own, without workbench.css: the shortcuts' columns need a monospace font
        area.setStyle("-fx-font-family: monospace; -fx-font-size: 12px;");
        area.setPrefSize(720, 420);
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle(title);
        a.setHeaderText(title);
        a.getDialogPane().setContent(area);
        a.setResizable(true);
        a.initModality(Modality.NONE);
        a.initOwner(window);
        a.show();
    }

    private void error(String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message);
        a.setHeaderText(null);
        a.initOwner(window);
        a.show();
    }
}
