package io.nanogrid.app;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.common.AtomicFiles;
import io.nanogrid.common.BadInputException;
import io.nanogrid.engine.ort.OrtRuntime;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Renders the workbench off-screen (Monocle's headless platform, software rendering) to a PNG:
 * the window with a grid open, its models inspected, and one request answered in the console.
 */
final class Snapshots {
    static final int WIDTH = 1400;
    static final int HEIGHT = 880;
    static final Set<String> VIEWS = Set.of("designer", "monitor");
    /** How long the monitor's snapshot runs load before the picture is taken. */
    static final long MONITOR_RUN_MILLIS = 3_000;

    private Snapshots() {
    }

    static int render(Path grid, String view, Path png) {
        if (!VIEWS.contains(view)) {
            throw new BadInputException("--view " + view + ": expected one of " + VIEWS);
        }
        WorkbenchSettings defaults = WorkbenchSettings.defaults();
        Path gridFile = grid != null ? grid : defaults.sampleGrid();
        if (gridFile == null || !Files.isRegularFile(gridFile)) {
            throw new BadInputException("no grid to show: give --grid GRID.json (the sample grid was not found)");
        }
        System.setProperty("java.awt.headless", "true");
        FxToolkit.useHeadless();
        ExecutorService pool = WorkbenchApp.workers();
        try {
            Object[] state = new Object[2];
            FxToolkit.call(() -> {
                        // settings in a temporary folder: a snapshot must not touch the user's recent files
                Path config = tempConfig();
                MainViewModel vm = new MainViewModel(new WorkbenchSettings(config, defaults.samplesDir()),
                        new OrtRuntime(), new TaskRunner(pool));
                MainWindow window = new MainWindow(vm);
                Stage stage = new Stage();
                stage.setScene(new Scene(window.root(), WIDTH, HEIGHT));
                window.attach(stage);
                stage.show();
                if (!vm.open(gridFile)) {
                    throw new BadInputException(vm.error().get());
                }
                state[0] = vm;
                state[1] = window;
                return null;
            }, 60);
            MainViewModel vm = (MainViewModel) state[0];
            waitIdle(vm);
            FxToolkit.call(() -> {
                vm.console().text().set(sampleRequest(vm));
                vm.console().sendText();
                return null;
            }, 10);
            waitIdle(vm);
            if (view.equals("monitor")) {
                MonitorRun.run(vm, (MainWindow) state[1], MONITOR_RUN_MILLIS);
            }
            BufferedImage img = FxToolkit.call(() -> {
                MainWindow window = (MainWindow) state[1];
                window.canvas().fit();
                Scene scene = window.root().getScene();
                return SwingFXUtils.fromFXImage(scene.snapshot(null), null);
            }, 60);
            AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
            FxToolkit.call(() -> {
                vm.close();
                ((Stage) ((MainWindow) state[1]).root().getScene().getWindow()).hide();
                return null;
            }, 10);
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String sampleRequest(MainViewModel vm) {
        return vm.document().spec().name().equals("text-assistant") ? "Je voudrais réserver une table pour ce soir"
                : "hello";
    }

    /** Waits until the background work (inspections, loading, the request) is done. */
    private static void waitIdle(MainViewModel vm) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            boolean idle = FxToolkit.call(() -> vm.tasks().running().isEmpty(), 10);
            if (idle) {
                // one more pulse for layout and CSS
                FxToolkit.call(() -> null, 10);
                if (FxToolkit.call(() -> vm.tasks().running().isEmpty(), 10)) {
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Path tempConfig() {
        try {
            Path dir = Files.createTempDirectory("nanogrid-snapshot");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
