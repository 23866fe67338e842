package io.nanogrid.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.load.ReplayRequests;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    /** Runs the queued background work on this thread, each completion then on the FX thread. */
    private static void drain(List<Runnable> queued) {
        while (!queued.isEmpty()) {
            Runnable work = queued.remove(0);
            work.run();
            Fx.run(() -> { });
        }
    }

    /**
     * The data changing while the requests load (run by hand in that order): the loaded ones serve the run that
     * asked for them, but the next Start loads again rather than keep them.
     */
    @Test
    void requestsLoadedBeforeTheDataChangedAreNotKept() {
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        main = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> main.open(Workbenches.threeModelGrid(dir))));
        Fx.waitUntil(() -> main.session().gridProperty().get() != null, "the grid runs");
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<MonitorViewModel> monitor = new AtomicReference<>();
        monitor.set(Fx.call(() -> new MonitorViewModel(main.session(), new TaskRunner(queued::add), g -> {
            if (loads.incrementAndGet() == 1) {
                Fx.run(() -> monitor.get().dataChanged()); // the data changes while these load
            }
            return new ReplayRequests(List.of(new TextRequest("hello there"), new TextRequest("will it rain")),
                    "load " + loads.get());
        })));
        MonitorViewModel m = monitor.get();
        try {
            Fx.run(() -> {
                m.rate().set(20);
                m.start();
            });
            drain(queued);
            assertEquals("load 1", Fx.call(() -> m.source().get()), "the run that asked for them replays them");
            Fx.run(m::stop);
            Fx.waitUntil(() -> !m.running().get(), "the monitor stops");

            Fx.run(m::start);
            assertTrue(Fx.call(() -> m.loading().get()), "loads the requests again");
            drain(queued);
            assertEquals("load 2", Fx.call(() -> m.source().get()));
            Fx.run(m::stop);
            Fx.waitUntil(() -> !m.running().get(), "the monitor stops");
        } finally {
            Fx.run(m::close);
        }
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
