package io.nanogrid.app;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.monitor.ExpertRow;
import io.nanogrid.app.monitor.MonitorViewModel;
import java.util.List;

/**
 * The monitor's snapshot: a short real run on the open grid (two threads at 400 requests/s), with a
 * fault in one expert so that its circuit breaker opens, and added latency in another.
 */
final class MonitorRun {
    private MonitorRun() {
    }

    static void run(MainViewModel vm, MainWindow window, long millis) {
        MonitorViewModel m = vm.monitor();
        FxToolkit.call(() -> {
            window.showView("monitor");
            m.rate().set(400);
            m.concurrency().set(2);
            List<ExpertRow> rows = m.experts();
            if (!rows.isEmpty()) {
                pick(rows, "spam", 0).throwing().set(true);
            }
            if (rows.size() > 1) {
                pick(rows, "topic", 1).delayMs().set(5);
            }
            m.start();
            return null;
        }, 10);
        long deadline = System.currentTimeMillis() + 60_000;
        while (!FxToolkit.call(() -> m.running().get() || !m.canStart().get() && !m.loading().get(), 10)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the monitor did not start: " + FxToolkit.call(() -> m.status().get(),
                        10));
            }
            sleep(50);
        }
        sleep(millis);
        FxToolkit.call(() -> {
            m.stop();
            return null;
        }, 10);
        sleep(300); // a few pulses: the charts draw their last points
    }

    private static ExpertRow pick(List<ExpertRow> rows, String id, int otherwise) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElse(rows.get(otherwise));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
