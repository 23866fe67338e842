package io.nanogrid.app;

import java.nio.file.Path;

/** Placeholder for the workbench (its issue builds the real window). */
final class Workbench {
    private Workbench() {
    }

    static void launch(Path grid, String view) {
        WorkbenchApp.open(grid, view);
    }

    static int snapshot(Path grid, String view, Path png) {
        return Snapshots.render(grid, view, png);
    }
}
