package io.nanogrid.app;

import io.nanogrid.common.AtomicFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Renders the main window off-screen (Monocle's headless platform, software rendering) to a PNG. */
final class Snapshots {
    private Snapshots() {
    }

    static int render(Path grid, String view, Path png) {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
        CompletableFuture<BufferedImage> result = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                MainWindow window = new MainWindow(grid, view);
                Scene scene = new Scene(window.root(), 1280, 800);
                WritableImage image = scene.snapshot(null);
                result.complete(SwingFXUtils.fromFXImage(image, null));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            BufferedImage img = result.get(60, TimeUnit.SECONDS);
            AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("snapshot failed: " + e.getMessage(), e);
        } finally {
            Platform.exit();
        }
    }
}
