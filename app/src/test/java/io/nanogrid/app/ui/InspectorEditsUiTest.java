package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Workbenches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The inspector's adapter and labels rows are text fields; a refused edit shows its reason. Monocle; inspector-edits.png. */
@ExtendWith(ApplicationExtension.class)
class InspectorEditsUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path work = Files.createTempDirectory(dir, "inspector");
        vm = Workbenches.viewModel(work.resolve("config"));
        assertTrue(vm.open(Workbenches.threeModelGrid(work)));
        MainWindow window = new MainWindow(vm);
        stage.setScene(new Scene(window.root(), 1280, 800));
        window.attach(stage);
        stage.show();
    }

    @Test
    void labelsAndAdapterAreEditableAndARefusalSaysWhy(FxRobot robot) {
        Fx.waitUntil(() -> vm.designer().nodes().stream().allMatch(n -> !n.health().equals("unknown")), "inspected",
                60);
        Fx.run(() -> vm.designer().selectOnly(Set.of("greeting")));
        Fx.waitUntil(() -> stage.getScene().getRoot().lookupAll(".text-field").stream()
                .anyMatch(n -> n instanceof TextField t && t.isEditable() && t.getText().equals("hello, bye")),
                "the labels row is an editable field", 60);
        Fx.run(() -> stage.getScene().getRoot().lookupAll(".titled-pane").stream()
                .filter(n -> n instanceof TitledPane t && t.getText().equals("Model"))
                .forEach(n -> ((TitledPane) n).setExpanded(true)));
        Fx.run(() -> vm.designer().setOutputLabels("greeting", "hello, bye, later"));
        robot.sleep(1500); // the notice slides in: a picture, not an assertion
        Shots.save(stage.getScene(), "inspector-edits");
    }
}
