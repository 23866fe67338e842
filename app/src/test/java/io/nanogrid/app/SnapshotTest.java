package io.nanogrid.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.tools.NanogridCommand;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.runtime.TestGridsAccess;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nanogrid gui --snapshot` renders the window off-screen under Monocle and writes a real PNG. */
class SnapshotTest {
    @TempDir
    Path dir;

    @Test
    void rendersTheWindowOfAGridToAPng() throws Exception {
        Path grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        Path png = dir.resolve("window.png");
        StringWriter err = new StringWriter();
        int code = Cli.execute(new NanogridCommand(), new String[] {"gui", "--grid", grid.toString(), "--snapshot", png.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err), new GuiCommand());
        assertEquals(0, code, err.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Snapshots.WIDTH, img.getWidth());
        assertEquals(Snapshots.HEIGHT, img.getHeight());
        int dark = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 400; x++) {
                if ((img.getRGB(x, y) & 0xFF) < 100) {
                    dark++;
                }
            }
        }
        assertTrue(dark > 50, "text was drawn in the top-left corner: " + dark + " dark pixels");
    }

    @Test
    void rendersTheMonitorAfterAShortRunWithItsChartsDrawn() throws Exception {
        Path grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        Path png = dir.resolve("monitor.png");
        StringWriter err = new StringWriter();
        int code = Cli.execute(new NanogridCommand(), new String[] {"gui", "--grid", grid.toString(), "--snapshot", png.toString(), "--view",
            "monitor"}, new PrintWriter(new StringWriter()), new PrintWriter(err), new GuiCommand());
        assertEquals(0, code, err.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        Files.copy(png, Path.of("target", "monitor-snapshot.png"), StandardCopyOption.REPLACE_EXISTING); // to look at
        assertEquals(Snapshots.WIDTH, img.getWidth());
        // the charts' first series color (throughput, memory, the bars) is drawn across the right part of
        // the window: counted as columns that hold it, since the lines' and bars' pixel counts follow the
        // run's figures and on how the thin lines are smoothed (300-650 columns after the run; 4 when the
        // monitor has not run)
        int columns = 0;
        for (int x = 420; x < img.getWidth(); x++) {
            for (int y = 200; y < img.getHeight() - 40; y++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xFF) - 0x1f) < 30 && Math.abs(((rgb >> 8) & 0xFF) - 0x77) < 30
                        && Math.abs((rgb & 0xFF) - 0xb4) < 30) {
                    columns++;
                    break;
                }
            }
        }
        assertTrue(columns > 150, "series drawn in the charts: " + columns + " columns hold their color");
    }

    @Test
    void anUnknownViewIsRefusedWithTheKnownOnes() {
        StringWriter err = new StringWriter();
        int code = Cli.execute(new NanogridCommand(), new String[] {"gui", "--snapshot", dir.resolve("x.png").toString(), "--view", "nope"},
                new PrintWriter(new StringWriter()), new PrintWriter(err), new GuiCommand());
        assertEquals(2, code);
        assertTrue(err.toString().contains("monitor"), err.toString());
    }

    @Test
    void aPictureThatCannotBeSavedSaysWhy() throws Exception {
        Path grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        Path file = Files.writeString(dir.resolve("afile"), "x");
        StringWriter err = new StringWriter();
        int code = Cli.execute(new NanogridCommand(), new String[] {"gui", "--grid", grid.toString(), "--snapshot",
            file.resolve("x.png").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err),
                new GuiCommand());
        assertEquals(2, code, err.toString());
        assertEquals("nanogrid: cannot write " + file.resolve("x.png") + ": " + file + " is a file, not a folder",
                err.toString().strip());
    }

    @Test
    void aGridThatIsNotThereIsNamed() {
        Path missing = dir.resolve("nosuch.json");
        StringWriter err = new StringWriter();
        int code = Cli.execute(new NanogridCommand(), new String[] {"gui", "--snapshot", dir.resolve("y.png").toString(), "--grid",
            missing.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err), new GuiCommand());
        assertEquals(2, code, err.toString());
        assertEquals("nanogrid: cannot read grid " + missing + ": file not found", err.toString().strip());
        assertFalse(Files.exists(dir.resolve("y.png")));
    }
}
