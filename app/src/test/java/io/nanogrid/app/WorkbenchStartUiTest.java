package io.nanogrid.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The application's start as `nanogrid gui` runs it (Monocle): the window shows at once with the light opening
 * view, and the workbench, with its grid open, takes its place in a later pulse.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchStartUiTest {
    @TempDir
    static Path dir;
    private final WorkbenchApp app = new WorkbenchApp();
    private Stage stage;
    private Parent opening;
    private boolean shownAtStart;

    @Start
    void start(Stage primary) throws Exception {
        // a stage of its own: the primary stage is shared by the tests of this JVM, and others bind its title
        stage = new Stage();
        Path grid = Workbenches.sampleTextGrid(Files.createDirectories(dir.resolve("grid")));
        WorkbenchApp.configure(new WorkbenchSettings(dir.resolve("config"), null), grid, false);
        app.start(stage);
        opening = stage.getScene().getRoot();
        shownAtStart = stage.isShowing();
    }

    @AfterEach
    void stop() {
        Fx.run(() -> {
            app.stop();
            stage.close();
        });
    }

    @Test
    void theWindowShowsFirstThenTheWorkbenchWithItsGridTakesItsPlace() {
        assertTrue(shownAtStart, "shown before the workbench is built");
        Label line = (Label) opening.lookup(".label");
        assertEquals("Opening the workbench\u2026", line.getText());

        Fx.waitUntil(() -> stage.getScene().getRoot() != opening, "the workbench in the window", 120);
        Fx.waitUntil(() -> stage.getTitle().contains("text-assistant"), "the grid open", 120);
        Parent root = Fx.call(() -> stage.getScene().getRoot());
        MenuBar menus = (MenuBar) root.lookup(".menu-bar");
        assertNotNull(menus, "the workbench's menus");
        assertEquals("File", menus.getMenus().get(0).getText());
    }
}
