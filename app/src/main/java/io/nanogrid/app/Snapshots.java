package io.nanogrid.app;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.quant.GridPlans;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    static final Set<String> VIEWS = Set.of("designer", "router", "quant", "monitor");
    /** How long the monitor's snapshot runs load before the picture is taken. */
    static final long MONITOR_RUN_MILLIS = 3_000;

    private Snapshots() {
    }

    static int render(Path grid, String view, Path png) {
        if (!VIEWS.contains(view)) {
            throw new BadInputException("--view " + view + ": expected one of " + VIEWS);
        }
        AtomicFiles.checkWritable(png); // before seconds of rendering, not after
        WorkbenchSettings defaults = WorkbenchSettings.defaults();
        if (grid != null) {
            GridFiles.read(grid); // a missing or invalid --grid is refused as every command refuses a GRID
        }
        Path gridFile = grid != null ? grid : defaults.sampleGrid();
        if (gridFile == null || !Files.isRegularFile(gridFile)) {
            throw new BadInputException("no grid to show: give --grid GRID.json (the sample grid was not found)");
        }
        // the labs write beside the grid (quantized models, new routers): they work on a copy
        boolean lab = view.equals("router") || view.equals("quant");
        Path shownGrid = lab ? copyOfFolder(gridFile) : gridFile;
        // settings in a temporary folder: a snapshot must not touch the user's recent files
        Path config = tempConfig();
        System.setProperty("java.awt.headless", "true");
        FxToolkit.useHeadless();
        ExecutorService pool = WorkbenchApp.workers();
        try {
            Object[] state = new Object[2];
            FxToolkit.call(() -> {
                MainViewModel vm = new MainViewModel(new WorkbenchSettings(config, defaults.samplesDir(),
                        defaults.dataDir()),
                        new OrtRuntime(), new TaskRunner(pool));
                MainWindow window = new MainWindow(vm);
                Stage stage = new Stage();
                stage.setScene(new Scene(window.root(), WIDTH, HEIGHT));
                window.attach(stage);
                stage.show();
                if (!vm.open(shownGrid)) {
                    throw new BadInputException(vm.error().get());
                }
                state[0] = vm;
                state[1] = window;
                return null;
            }, 60);
            MainViewModel vm = (MainViewModel) state[0];
            MainWindow shownWindow = (MainWindow) state[1];
            waitIdle(vm);
            switch (view) {
                case "router" -> {
                    FxToolkit.call(() -> {
                        shownWindow.showView("router");
                        vm.routerLab().loadData();
                        return null;
                    }, 10);
                    waitIdle(vm);
                    FxToolkit.call(() -> {
                        vm.routerLab().train();
                        return null;
                    }, 10);
                    waitIdle(vm);
                    FxToolkit.call(() -> {
                        vm.routerLab().testJoint();
                        return null;
                    }, 10);
                    waitIdle(vm);
                }
                case "quant" -> {
                    FxToolkit.call(() -> {
                        shownWindow.showView("quant");
                        vm.quantLab().runSweep();
                        return null;
                    }, 10);
                    waitIdle(vm);
                    FxToolkit.call(() -> {
                        long[] range = vm.quantLab().budgetRange();
                        vm.quantLab().budget().set(range[0] + (range[1] - range[0]) * 0.3);
                        return null;
                    }, 10);
                    waitIdle(vm);
                }
                case "monitor" -> MonitorRun.run(vm, shownWindow, MONITOR_RUN_MILLIS);
                default -> {
                    FxToolkit.call(() -> {
                        vm.console().text().set(sampleRequest(vm));
                        vm.console().sendText();
                        return null;
                    }, 10);
                    waitIdle(vm);
                }
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
            if (lab) {
                GridPlans.deleteTree(shownGrid.getParent());
            }
            GridPlans.deleteTree(config);
        }
    }

    private static String sampleRequest(MainViewModel vm) {
        return vm.document().spec().name().equals("text-assistant") ? "Je voudrais réserver une table pour ce soir"
                : "hello";
    }

    /** Waits until the background work (inspections, loading, the request) is done. */
    private static void waitIdle(MainViewModel vm) {
        long deadline = System.currentTimeMillis() + 600_000;
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

    /** Copies the grid's folder (without earlier quantized variants) to a temporary one; returns the copy's grid. */
    private static Path copyOfFolder(Path gridFile) {
        Path from = gridFile.toAbsolutePath().getParent();
        try {
            Path to = Files.createTempDirectory("nanogrid-snapshot-grid");
            try (var files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path rel = from.relativize(f);
                    if (rel.toString().isEmpty() || rel.startsWith("quantized")) {
                        continue;
                    }
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to.resolve(rel.toString()));
                    } else {
                        Files.copy(f, to.resolve(rel.toString()));
                    }
                }
            }
            return to.resolve(gridFile.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " for the snapshot: " + e.getMessage(), e);
        }
    }

    private static Path tempConfig() {
        try {
            return Files.createTempDirectory("nanogrid-snapshot");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
