package io.nanogrid.app;

import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `nanogrid gui`: opens the workbench, or renders it off-screen to a PNG with --snapshot. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the workbench (the default with no command), or render it to a PNG and exit.")
public final class GuiCommand implements Callable<Integer> {
    private static volatile boolean windowOpen;

    @Option(names = "--grid", paramLabel = "GRID", description = "The grid to open (default: the sample grid).")
    Path grid;

    @Option(names = "--snapshot", paramLabel = "FILE.png", description = "Render the window off-screen to this PNG "
            + "and exit.")
    Path snapshot;

    @Option(names = "--view", paramLabel = "VIEW", description = "The view to render with --snapshot (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "designer")
    String view;

    @Option(names = "--measure-startup", description = "Open the window, print the time from launch to its first "
            + "frame and to the workbench ready (the pulse that draws it with the grid), and exit.")
    boolean measureStartup;

    /** On Linux and other X11/Wayland systems a window needs a display; Windows and macOS always have one. */
    private static boolean hasDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return true;
        }
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }

    /**
     * The window has no terminal to warn on once started from a desktop: SLF4J's simple logger writes to the log
     * file Help > About names (unless -Dorg.slf4j.simpleLogger.logFile chose another place). Set before the first
     * logger is made, which is when the simple logger reads its settings.
     */
    private static void logToFile(Path file) {
        if (System.getProperty("org.slf4j.simpleLogger.logFile") != null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        } catch (IOException | RuntimeException e) {
            // no log folder: the messages stay on standard error
        }
    }

    /** True once a window is showing: the JVM must then stay up after main returns. */
    static boolean windowOpen() {
        return windowOpen;
    }

    @Override
    public Integer call() {
        if (snapshot != null) {
            return Snapshots.render(grid, view, snapshot);
        }
        if (!hasDisplay()) {
            throw new BadInputException("no display to open the workbench on (DISPLAY is not set); render it to a "
                    + "picture instead with: nanogrid gui --snapshot FILE.png");
        }
        windowOpen = true;
        logToFile(WorkbenchSettings.defaults().logFile());
        WorkbenchApp.open(grid, measureStartup);
        return 0;
    }
}
