package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Workbenches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Help: the workflows, the keyboard shortcuts and About (version, log file, folders), from the menu. Monocle. */
@ExtendWith(ApplicationExtension.class)
class HelpMenuUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        Path work = Files.createTempDirectory(dir, "help");
        vm = Workbenches.viewModel(work.resolve("config"));
        MainWindow window = Workbenches.show(stage, vm, 1280, 800);
    }

    /** The text of the help window with this title, once it is showing. */
    private static String helpText(String title) {
        Fx.waitUntil(() -> helpWindow(title).isPresent(), "the help window " + title, 60);
        return Fx.call(() -> ((TextArea) helpWindow(title).orElseThrow().getScene().lookup(".help-text")).getText());
    }

    private static Optional<Window> helpWindow(String title) {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && title.equals(s.getTitle())
                && w.getScene().lookup(".help-text") != null).findFirst();
    }

    @Test
    void workflowsShortcutsAndAbout(FxRobot robot) {
        robot.clickOn("Help").clickOn("Keyboard Shortcuts");
        String keys = helpText("Keyboard shortcuts");
        assertTrue(keys.lines().anyMatch(l -> l.startsWith("Save ") && l.endsWith("Ctrl+S")), keys);
        assertTrue(keys.lines().anyMatch(l -> l.startsWith("Workflows ") && l.endsWith("F1")), keys);
        Shots.save(helpWindow("Keyboard shortcuts").orElseThrow().getScene(), "help-shortcuts");

        robot.clickOn("Help").clickOn("About Nanogrid");
        String about = helpText("About Nanogrid");
        List<String> lines = about.lines().toList();
        assertTrue(lines.get(0).startsWith("nanogrid "), about);
        assertTrue(about.contains("Log file: " + vm.settings().logFile()), about);
        assertTrue(about.contains("Unsaved changes (recovery): " + vm.settings().recoveryDir()), about);

        robot.clickOn("Help").clickOn("Workflows");
        String flows = helpText("Workflows");
        assertTrue(flows.contains("Router lab") && flows.contains("README"), flows);
        assertEquals(3, Fx.call(() -> Window.getWindows().stream().filter(w -> w.getScene().lookup(".help-text")
                != null).count()).intValue(), "three help windows, left open beside the workbench");
    }
}
