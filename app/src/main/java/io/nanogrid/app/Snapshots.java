package io.nanogrid.app;

import io.nanogrid.common.AtomicFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javax.imageio.ImageIO;

/** Renders the main window off-screen (Monocle's headless platform, software rendering) to a PNG. */
final class Snapshots {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    private Snapshots() {
    }

    static int render(Path grid, String view, Path png) {
        System.setProperty("java.awt.headless", "true");
        FxToolkit.useHeadless();
        BufferedImage img = FxToolkit.call(() -> {
            MainWindow window = new MainWindow(grid, view);
            Scene scene = new Scene(window.root(), WIDTH, HEIGHT);
            return SwingFXUtils.fromFXImage(scene.snapshot(null), null);
        }, 120);
        AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
        return 0;
    }
}
