package io.nanogrid.app;

import io.nanogrid.app.document.Recovery;
import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.main.WindowSize;
import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.model.LazyModelLoader;
import io.nanogrid.engine.ort.OrtRuntime;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Dimension2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;

/** The JavaFX application: one main window on the workbench's view model. */
public final class WorkbenchApp extends Application {
    private static volatile WorkbenchSettings settings;
    private static volatile Path initialGrid;
    private static volatile boolean measureStartup;
    /** What stopped the workbench from being built after the first frame (null if nothing did). */
    private static volatile Throwable failure;
    private ExecutorService pool;
    private MainViewModel vm;

    static void open(Path grid, boolean measure) {
        configure(WorkbenchSettings.defaults(), grid, measure);
        FxToolkit.quietClassPathWarning();
        Application.launch(WorkbenchApp.class);
        Throwable failed = failure;
        if (failed != null) {
            // as an exception in start() would: the command fails with the reason
            throw new IllegalStateException("the workbench could not be built: " + failed, failed);
        }
    }

    /** What the next start opens with (JavaFX makes the application itself, with no arguments). */
    static void configure(WorkbenchSettings with, Path grid, boolean measure) {
        settings = with;
        initialGrid = grid;
        measureStartup = measure;
    }

    /** A pool of daemon threads for engine work (two: the machine's work, the user's request). */
    static ExecutorService workers() {
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "nanogrid-work");
            t.setDaemon(true);
            return t;
        });
    }

    private static void trace(String what) {
        if (Boolean.getBoolean("nanogrid.trace")) {
            System.out.println(what + " at " + (System.currentTimeMillis()
                    - ManagementFactory.getRuntimeMXBean().getStartTime()) + " ms");
        }
    }

    /**
     * Shows the window at once with a light "opening" root, then builds the workbench in it after two pulses:
     * the toolkit's start is the same as a bare window's, and the workbench's own ~1.2 s of construction,
     * styling and layout (docs/ARCHITECTURE.md, "Window first") no longer keeps the screen empty.
     */
    @Override
    public void start(Stage stage) {
        trace("start");
        Dimension2D first = WindowSize.first(Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(OpeningView.root(), first.getWidth(), first.getHeight());
        stage.setScene(scene);
        stage.setTitle("Nanogrid");
        WindowSize.applyMinimum(stage, Screen.getPrimary().getVisualBounds());
        WindowSize.keepOpeningSize(stage);
        // built after a second pulse, so that the opening view is drawn even where the window manager maps the
        // window after the first
        afterNextFrame(() -> {
            print("first frame");
            afterNextFrame(() -> Platform.runLater(() -> buildOrExit(stage, scene)));
        });
        stage.show();
        trace("shown " + stage.getWidth() + "x" + stage.getHeight() + " (first size " + first + ")");
        if (Boolean.getBoolean("nanogrid.trace")) {
            stage.widthProperty().addListener((o, a, b) -> trace("width " + a + " -> " + b));
            stage.heightProperty().addListener((o, a, b) -> trace("height " + a + " -> " + b));
        }
    }

    private void buildOrExit(Stage stage, Scene scene) {
        try {
            build(stage, scene);
        } catch (RuntimeException | Error e) {
            // not left on "Opening the workbench...": the application ends and open() reports why
            failure = e;
            Platform.exit();
        }
    }

    /** The workbench itself, in place of the opening root. */
    private void build(Stage stage, Scene scene) {
        pool = workers();
        vm = new MainViewModel(settings, new LazyModelLoader(OrtRuntime::new),
                new TaskRunner(pool));
        trace("view model");
        MainWindow window = new MainWindow(vm);
        trace("window");
        scene.setRoot(window.root());
        window.attach(stage);
        Path grid = initialGrid != null ? initialGrid : vm.startGrid();
        List<Recovery.Found> found = vm.pendingRecovery();
        if (grid != null) {
            vm.open(grid);
        }
        trace("opened");
        // styled and laid out here, so that the next pulse draws the whole workbench
        window.root().applyCss();
        window.root().layout();
        trace("laid out");
        afterNextFrame(() -> {
            print("workbench ready");
            if (measureStartup) {
                Platform.exit();
            }
        });
        if (!measureStartup) {
            // after the first frames, so that the window shows first and start-up is not slower
            window.buildViewsWhenIdle(Duration.seconds(1.5), Duration.millis(300));
            if (!found.isEmpty()) {
                offer(found.get(0));
            }
        }
    }

    /** Runs {@code then} at the start of the next pulse (the one that draws the next frame). */
    private static void afterNextFrame(Runnable then) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                then.run();
            }
        }.start();
    }

    /** With --measure-startup: the time from the JVM's start to {@code what}, as measure-startup.sh reads it. */
    private static void print(String what) {
        trace(what);
        if (measureStartup) {
            long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println(what + " " + ms + " ms after the JVM started");
        }
    }

    private void offer(Recovery.Found f) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Nanogrid did not close cleanly. Restore the unsaved "
                + "changes to \"" + f.spec().name() + "\" made " + Recovery.when(f.written(), Instant.now(),
                ZoneId.systemDefault()) + "?");
        a.setHeaderText("Unsaved changes found");
        ButtonType restore = new ButtonType("Restore", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        a.getButtonTypes().setAll(restore, discard);
        if (a.showAndWait().orElse(discard) == restore) {
            vm.restore(f);
        } else {
            vm.recovery().clear(f.original());
        }
    }

    @Override
    public void stop() {
        if (vm != null) {
            vm.monitor().close();
            vm.session().close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
