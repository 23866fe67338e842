package io.nanogrid.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.FxToolkit;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import java.nio.file.Path;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main window has a minimum (no more 200x200 under a window manager) and a first size that fits the screen. */
class WindowSizeTest {
    @TempDir
    Path dir;

    @Test
    void firstSizeFillsMostOfTheScreenWithinBounds() {
        assertEquals(new Dimension2D(1600, 1000), WindowSize.first(new Rectangle2D(0, 0, 2560, 1400)));
        assertEquals(new Dimension2D(0.9 * 1366, 680), WindowSize.first(new Rectangle2D(0, 0, 1366, 740)));
        assertEquals(new Dimension2D(1080, 680), WindowSize.first(new Rectangle2D(0, 0, 1200, 700)),
                "a small screen: 90% of it, but no less than the minimum");
        assertEquals(new Dimension2D(900, 600), WindowSize.first(new Rectangle2D(0, 0, 900, 600)),
                "smaller than the minimum: the whole screen");
        assertEquals(new Dimension2D(800, 600), WindowSize.minimum(new Rectangle2D(0, 0, 800, 600)));
        assertEquals(new Dimension2D(1024, 680), WindowSize.minimum(new Rectangle2D(0, 0, 1920, 1040)));
    }

    @Test
    void theWindowGetsAMinimumAndATinyOneGrows() {
        Fx.start();
        // a whole workbench built on the FX thread: a minute's room on a busy machine
        Dimension2D size = FxToolkit.call(() -> {
            MainViewModel vm = Workbenches.viewModel(dir.resolve("config"));
            MainWindow window = new MainWindow(vm);
            Stage stage = new Stage();
            stage.setScene(new Scene(window.root(), 200, 200));
            window.attach(stage);
            stage.show();
            Dimension2D shown = new Dimension2D(stage.getWidth(), stage.getHeight());
            assertTrue(stage.getMinWidth() >= Math.min(WindowSize.MIN_WIDTH, 1000), "min width " + stage.getMinWidth());
            assertTrue(stage.getMinHeight() >= Math.min(WindowSize.MIN_HEIGHT, 600), "min " + stage.getMinHeight());
            stage.hide();
            vm.close();
            return shown;
        }, 120);
        assertTrue(size.getWidth() >= 1000 && size.getHeight() >= 600, "grown to the minimum: " + size);
    }

    @Test
    void theWindowManagersSizeIsPutBackWhenJavaFxsMinimumLandsLast() {
        WindowSize.OpeningWatch w = new WindowSize.OpeningWatch();
        // the size changes seen under openbox on a 1600x1000 screen, a property at a time
        // (-Dnanogrid.trace=true): 1440x900 -> 200x200 -> 1442x925 -> JavaFX's minimum 1024x680
        assertNull(w.resized(1440, Double.NaN, 1024, 680), "not sized yet");
        assertNull(w.resized(1440, 900, 1024, 680));
        assertNull(w.resized(200, 900, 1024, 680));
        assertEquals(new Dimension2D(1440, 900), w.resized(200, 200, 1024, 680), "the 200x200 is undone too");
        assertNull(w.resized(1442, 200, 1024, 680));
        assertNull(w.resized(1442, 925, 1024, 680));
        assertNull(w.resized(1024, 925, 1024, 680));
        assertEquals(new Dimension2D(1442, 925), w.resized(1024, 680, 1024, 680));
        assertNull(w.resized(1300, 800, 1024, 680), "a size between the two is left as it is");
    }
}
