package io.nanogrid.app.testing;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.TestGridsAccess;
import io.nanogrid.engine.testing.ProjectFiles;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Fixtures: a grid of three real models on disk, and a workbench view model over it. */
public final class Workbenches {
    private Workbenches() {
    }

    /** Writes the three-model test grid (router over greeting and weather) into dir; returns grid.json. */
    public static Path threeModelGrid(Path dir) {
        Path grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        return grid;
    }

    /** A model that takes a float tensor [1, 4]: it cannot see a text grid's requests. */
    public static Path tensorModel(Path file) {
        GraphBuilder g = new GraphBuilder("tensor");
        g.input("x", ElementType.FLOAT, 1, 4);
        g.node("Softmax", List.of("x"), List.of("p"), Map.of("axis", -1));
        g.output("p", ElementType.FLOAT, 1, 4);
        return TestModels.write(g.build(), file);
    }

    /**
     * Copies the sample text grid (five experts and a router, from sample-grids/) into dir, leaving
     * out quantized variants a lab may have written beside it; returns the copy's grid.json.
     */
    public static Path sampleTextGrid(Path dir) {
        Path from = ProjectFiles.sampleGrid("text-assistant");
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.startsWith("quantized")) {
                    continue;
                }
                Path to = dir.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve("grid.json");
    }

    /** A workbench view model with its settings in a folder of its own. Call on the FX thread. */
    public static MainViewModel viewModel(Path configDir) {
        return viewModel(configDir, null);
    }

    /** The workbench's window for vm in the test's stage, at the given size, shown. FX thread. */
    public static MainWindow show(Stage stage, MainViewModel vm, double width, double height) {
        MainWindow window = new MainWindow(vm);
        stage.setScene(new Scene(window.root(), width, height));
        window.attach(stage);
        stage.show();
        return window;
    }

    /** The same, with the datasets folder the labs read the experts' recorded data from. */
    public static MainViewModel viewModel(Path configDir, Path dataDir) {
        return viewModel(configDir, dataDir, Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "test-work");
            t.setDaemon(true);
            return t;
        }));
    }

    /** The same, with background work run by the given executor (a test may run it by hand, in its own order). */
    public static MainViewModel viewModel(Path configDir, Path dataDir, Executor work) {
        try {
            Files.createDirectories(configDir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new MainViewModel(new WorkbenchSettings(configDir, null, dataDir), new OrtRuntime(),
                new TaskRunner(work));
    }
}
