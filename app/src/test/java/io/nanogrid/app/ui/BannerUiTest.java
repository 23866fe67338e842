package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.main.WindowSize;
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
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * At the window's minimum width a long banner (an imported model with a long name) ends in "...": its tooltip
 * holds the whole message; the status bar's message has its tooltip too. Monocle.
 */
@ExtendWith(ApplicationExtension.class)
class BannerUiTest {
    private static final String LONG = "weather-forecast-for-the-whole-region-trained-on-ten-years-of-readings";

    @TempDir
    static Path dir;
    private MainViewModel vm;
    private MainWindow window;
    private Path grid;

    @Start
    void start(Stage stage) throws Exception {
        Path work = Files.createTempDirectory(dir, "banner");
        grid = Workbenches.threeModelGrid(work);
        vm = Workbenches.viewModel(work.resolve("config"));
        window = new MainWindow(vm);
        stage.setScene(new Scene(window.root(), WindowSize.MIN_WIDTH, WindowSize.MIN_HEIGHT));
        window.attach(stage);
        stage.show();
        vm.open(grid);
    }

    @Test
    void aLongBannerWrapsAndItsTooltipHoldsItAll(FxRobot robot) throws Exception {
        Path model = Files.copy(grid.resolveSibling("weather.onnx"), grid.resolveSibling(LONG + ".onnx"));
        robot.interact(() -> vm.designer().importModel(model, 460, 40));
        Fx.waitUntil(() -> robot.lookup(".notification-bar .label").queryAll().stream()
                .anyMatch(n -> n instanceof Label l && l.getText() != null && l.getText().contains(LONG)
                        && l.getTooltip() != null), "the banner is shown with its tooltip", 120);
        WaitForAsyncUtils.waitForFxEvents();
        Label banner = robot.lookup(".notification-bar .label").queryAll().stream().map(n -> (Label) n)
                .filter(l -> l.getText() != null && l.getText().contains(LONG)).findFirst().orElseThrow();
        assertEquals(banner.getText(), banner.getTooltip().getText());
        assertTrue(banner.getText().length() > 150, "a long message: " + banner.getText());
        // at the minimum width it is cut short: that is what the tooltip is for
        Node bar = robot.lookup(".notification-bar").query();
        assertEquals(1, Fx.call(() -> Truncated.labels((Parent) bar, null)).size(), "cut at the window's edge");
        Shots.save(window.root().getScene(), "banner-long-message");

        StatusBar status = robot.lookup(".status-bar").queryAs(StatusBar.class);
        assertEquals(status.getText(), status.getTooltip().getText(), "the status line's tooltip follows it");
    }

    @Test
    void theBannerGoesWhenTheGridChangesAgain(FxRobot robot) throws Exception {
        Path model = Files.copy(grid.resolveSibling("weather.onnx"), grid.resolveSibling("rain.onnx"));
        robot.interact(() -> vm.designer().importModel(model, 460, 40));
        Fx.waitUntil(() -> bannerSays("rain"), "the banner about the import is shown", 120);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Fx.call(() -> bannerSays("rain")), "the import's own change leaves it shown");
        // the user acts on it: the grid changes, and the advice is stale
        robot.interact(() -> vm.document().apply("Forget the layout", s -> s.withLayout(java.util.Map.of())));
        WaitForAsyncUtils.waitForFxEvents();
        Fx.waitUntil(() -> !bannerSays("rain"), "the banner is gone after the next change", 30);
    }

    private boolean bannerSays(String word) {
        NotificationPane pane = (NotificationPane) window.root().lookup(".notification-pane");
        return pane != null && pane.isShowing() && pane.getText() != null && pane.getText().contains(word);
    }
}
