package io.nanogrid.app;

import java.nio.file.Path;
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

    @Option(names = "--view", paramLabel = "VIEW", description = "The view to show: ${COMPLETION-CANDIDATES}.",
            defaultValue = "designer")
    String view;

    /** True once a window is showing: the JVM must then stay up after main returns. */
    static boolean windowOpen() {
        return windowOpen;
    }

    @Override
    public Integer call() {
        if (snapshot != null) {
            return Workbench.snapshot(grid, view, snapshot);
        }
        windowOpen = true;
        Workbench.launch(grid, view);
        return 0;
    }
}
