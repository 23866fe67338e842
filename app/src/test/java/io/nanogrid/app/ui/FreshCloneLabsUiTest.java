package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Truncated;
import io.nanogrid.app.testing.Workbenches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The labs and the monitor on a fresh clone: the sample grid open and no datasets folder. Each says what to do in
 * the window, as buttons that do it (Pull the sample data, Choose labelled data...); pictures of each to look at.
 */
@ExtendWith(ApplicationExtension.class)
class FreshCloneLabsUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        Path work = Files.createTempDirectory(dir, "clone");
        Path grid = Workbenches.sampleTextGrid(work.resolve("sample"));
        vm = Workbenches.viewModel(work.resolve("config"), null);
        MainWindow window = new MainWindow(vm);
        scene = new Scene(window.root(), 1400, 880);
        stage.setScene(scene);
        window.attach(stage);
        stage.show();
        vm.open(grid);
    }

    private void checkDataBar(FxRobot robot, String lab) {
        Fx.waitUntil(() -> vm.labData().experts().size() == 5, "the experts' data is looked for");
        WaitForAsyncUtils.waitForFxEvents();
        Button pull = robot.lookup("#data-pull").queryAllAs(Button.class).stream().filter(Node::isVisible)
                .filter(b -> b.getScene() != null && b.localToScene(b.getBoundsInLocal()).getWidth() > 0)
                .filter(FreshCloneLabsUiTest::shown).findFirst().orElseThrow(() -> new AssertionError(lab
                        + ": no Pull button shown"));
        assertEquals("Pull the sample data (12.6 MB)", pull.getText());
        MenuButton choose = robot.lookup("#data-choose").queryAllAs(MenuButton.class).stream()
                .filter(FreshCloneLabsUiTest::shown).findFirst().orElseThrow();
        assertEquals("Choose labelled data...", choose.getText());
        assertTrue(!choose.isDisabled() && choose.getItems().size() == 5 * 2 + 4, choose.getItems().toString());
        // the buttons keep their whole labels however long the summary beside them
        assertEquals(List.of(), Fx.call(() -> Truncated.labels((Parent) pull.getParent(), null)), lab);
    }

    /** Shown in the selected tab: it and its parents visible, inside the window. */
    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.localToScreen(n.getBoundsInLocal()) != null && n.getScene() != null
                && n.localToScene(n.getBoundsInLocal()).getMinX() >= 0;
    }

    @Test
    void eachLabSaysWhatToDo(FxRobot robot) {
        robot.clickOn("Router lab");
        checkDataBar(robot, "router lab");
        Shots.save(scene, "fresh-clone-router-lab");
        robot.clickOn("Quantization lab");
        checkDataBar(robot, "quantization lab");
        Shots.save(scene, "fresh-clone-quant-lab");
        robot.clickOn("Monitor");
        checkDataBar(robot, "monitor");
        Shots.save(scene, "fresh-clone-monitor");
    }
}
