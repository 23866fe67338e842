package io.nanogrid.app.testing;

import io.nanogrid.files.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javax.imageio.ImageIO;

/**
 * Pictures of what the UI tests drove, to look at: a scene rendered (headless, software rendering) into
 * {@code nanogrid.shots} (default /tmp/wt-app-shots) as NAME.png.
 */
public final class Shots {
    private Shots() {
    }

    public static Path folder() {
        return Path.of(System.getProperty("nanogrid.shots", "/tmp/wt-app-shots"));
    }

    /** Renders the scene on the FX thread and writes it; returns the file. */
    public static Path save(Scene scene, String name) {
        BufferedImage img = Fx.call(() -> SwingFXUtils.fromFXImage(scene.snapshot(null), null));
        Path file = folder().resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
        return file;
    }
}
