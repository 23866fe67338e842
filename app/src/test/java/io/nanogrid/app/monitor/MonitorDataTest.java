package io.nanogrid.app.monitor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor replays the experts' held-out data from the workbench's datasets folder: made-up requests on a fresh
 * clone (no folder), the real data once the folder is set (as pulling the sample data does), without reopening
 * the grid.
 */
class MonitorDataTest {
    @TempDir
    Path dir;
    private MainViewModel main;

    @AfterEach
    void close() {
        if (main != null) {
            Fx.run(() -> main.close());
        }
    }

    private String replayedSource() {
        MonitorViewModel monitor = main.monitor();
        Fx.run(() -> {
            monitor.rate().set(20);
            monitor.start();
        });
        Fx.waitUntil(() -> monitor.running().get(), "the monitor runs: " + Fx.call(() -> monitor.status().get()),
                120);
        String source = Fx.call(() -> monitor.source().get());
        Fx.run(monitor::stop);
        Fx.waitUntil(() -> !monitor.running().get(), "the monitor stops");
        return source;
    }

    @Test
    void replaysTheHeldOutDataOnceTheDatasetsFolderIsSet() {
        SharedData.require("text");
        Path data = SharedData.dir();
        Path grid = Workbenches.sampleTextGrid(dir.resolve("sample"));
        main = Fx.call(() -> Workbenches.viewModel(dir.resolve("config"), null));
        assertTrue(Fx.call(() -> main.open(grid)));
        Fx.waitUntil(() -> main.session().gridProperty().get() != null, "the grid runs");

        String before = replayedSource();
        assertTrue(before.contains("no data folder"), before);

        Fx.run(() -> main.dataDir().set(data));
        String after = replayedSource();
        assertTrue(after.contains("held-out requests from the experts' data"), after);
    }
}
