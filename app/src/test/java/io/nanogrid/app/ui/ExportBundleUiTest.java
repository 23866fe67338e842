package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Workbenches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * File > Export bundle... on the sample text grid, at each bits profile: the dialog exports, verifies and
 * shows the size (printed as figures); the picture is export-bundle.png. Monocle.
 */
@ExtendWith(ApplicationExtension.class)
class ExportBundleUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Path work;

    @Start
    void start(Stage stage) throws Exception {
        work = Files.createTempDirectory(dir, "export");
        Path grid = Workbenches.sampleTextGrid(Files.createDirectories(work.resolve("grid")));
        vm = Workbenches.viewModel(work.resolve("config"));
        assertTrue(vm.open(grid));
        Workbenches.show(stage, vm, 1280, 800);
    }

    private static Optional<Window> dialog() {
        return Window.getWindows().stream().filter(w -> w.getScene() != null
                && w.getScene().lookup("#export-view") != null).findFirst();
    }

    @SuppressWarnings("unchecked")
    @Test
    void exportsAndVerifiesAtEachBitsProfile(FxRobot robot) {
        robot.clickOn("File").clickOn("Export bundle...");
        Fx.waitUntil(() -> dialog().isPresent(), "the export dialog", 60);
        Scene scene = Fx.call(() -> dialog().orElseThrow().getScene());
        for (String bits : new String[] {"float", "8", "4", "2"}) {
            Path out = work.resolve("sample-" + bits + ".ngrid");
            Fx.run(() -> {
                ((ChoiceBox<String>) scene.lookup("#export-bits-all")).setValue(bits);
                ((TextField) scene.lookup("#export-file")).setText(out.toString());
            });
            assertEquals(bits, Fx.call(() -> ((ChoiceBox<String>) scene.lookup("#export-bits-spam")).getValue()));
            robot.clickOn("#export-run");
            Fx.waitUntil(() -> ((TextArea) scene.lookup("#export-result")).getText().contains("Bundle " + out.getFileName() + ":")
                    || ((Label) scene.lookup("#export-error")).getText() != null, "exported at " + bits, 300);
            String result = Fx.call(() -> ((TextArea) scene.lookup("#export-result")).getText());
            String error = Fx.call(() -> Objects.toString(((Label) scene.lookup("#export-error")).getText(), ""));
            assertTrue(error.isEmpty(), error);
            assertTrue(result.contains("Verified") && result.contains("spam " + bits), result);
            System.out.println("FIGURE export " + bits + ":\n" + result);
        }
        Shots.save(scene, "export-bundle");
    }
}
