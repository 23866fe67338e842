package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.TensorSpec;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Node;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A model with a float and a string input: the console's Inputs... asks a file for each. Monocle; console-inputs.png. */
@ExtendWith(ApplicationExtension.class)
class NamedInputsUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path work = Files.createTempDirectory(dir, "inputs");
        GraphBuilder g = new GraphBuilder("float-and-string");
        g.input("features", ElementType.FLOAT, 1, 3);
        g.input("comment", ElementType.STRING, 1);
        g.node("Softmax", List.of("features"), List.of("p"), Map.of("axis", -1));
        g.node("Identity", List.of("comment"), List.of("echo"));
        g.output("p", ElementType.FLOAT, 1, 3);
        g.output("echo", ElementType.STRING, 1);
        TestModels.write(g.build(), work.resolve("mixed.onnx"));
        Path grid = work.resolve("grid.json");
        GridFiles.write(new GridSpec(GridSpec.FORMAT_VERSION, "mixed", null, null, List.of(ExpertSpec.of("mixed",
                "mixed.onnx", new TensorSpec(null), null)), null, null), grid);
        vm = Workbenches.viewModel(work.resolve("config"));
        assertTrue(vm.open(grid));
        Workbenches.show(stage, vm, 1280, 800);
    }

    private static Optional<Window> dialog() {
        return Window.getWindows().stream().filter(w -> w.getScene() != null
                && w.getScene().lookup("#input-comment") != null).findFirst();
    }

    @Test
    void inputsAsksAFileForEachInput(FxRobot robot) {
        Fx.waitUntil(() -> Optional.ofNullable(stage.getScene().lookup("#console-inputs")).map(Node::isVisible)
                .orElse(false), "the Inputs... button shows", 60);
        Shots.save(stage.getScene(), "console-inputs-button");
        robot.clickOn("#console-inputs");
        Fx.waitUntil(() -> dialog().isPresent(), "the inputs dialog", 60);
        Shots.save(dialog().orElseThrow().getScene(), "console-inputs");
        Fx.run(() -> dialog().orElseThrow().hide());
    }
}
