package io.nanogrid.engine.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.ErrorCode;
import io.nanogrid.engine.runtime.Fault;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.TestGridsAccess;
import io.nanogrid.files.BadInputException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator against the real three-model grid (router, greeting and weather experts). */
class LoadGeneratorTest {
    private static final List<Request> MIXED = List.of(new TextRequest("hello there"),
            new TextRequest("will it rain tomorrow"), new TextRequest("good morning"), new TextRequest("sunny and cloud"));

    @TempDir
    Path dir;

    private Grid grid() {
        return Grid.open(TestGridsAccess.threeModels(dir), dir, new OrtRuntime());
    }

    private static void sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    /** CPU time used so far by the generator's threads, in nanoseconds. */
    private static long loadThreadsCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("nanogrid-load-"))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum();
    }

    @Test
    void holdsThePacedRateOnTwoThreadsWithoutSpinning() throws Exception {
        try (Grid grid = grid()) {
            LoadMetrics metrics = new LoadMetrics(20, System.nanoTime());
            LoadGenerator load = new LoadGenerator(grid, MIXED, new LoadSettings(200, 2), metrics);
            load.start();
            sleep(300); // warm-up
            long sent0 = load.sent();
            long cpu0 = loadThreadsCpu();
            long t0 = System.nanoTime();
            sleep(1500);
            long sent = load.sent() - sent0;
            long cpu = loadThreadsCpu() - cpu0;
            double wall = (System.nanoTime() - t0) / 1e9;
            assertTrue(load.stop(2000), "the threads end");
            assertFalse(load.running());
            double rate = sent / wall;
            // never above the pace; below it only as far as a loaded machine holds the threads back
            assertTrue(rate > 20 && rate < 225, "paced at 200/s, sent " + sent + " in " + wall + " s");
            // two spinning threads take a core each (2x the wall time) where they can get one
            assertTrue(cpu < 0.6 * wall * 1e9, "parked between slots, not spinning: the two threads used "
                    + cpu / 1e6 + " ms of CPU in " + wall + " s");
            LoadSample s = metrics.sample(System.nanoTime());
            assertEquals(Set.of("greeting", "weather"), s.routes().keySet());
            LoadSample.Percentiles p = s.routes().get("weather");
            assertTrue(p.count() > 0 && p.p50() <= p.p95() && p.p95() <= p.p99(), p.toString());
            assertEquals(0, s.totals().errors());
            assertEquals(0, load.exceptions());
            long after = load.sent();
            sleep(100);
            assertEquals(after, load.sent(), "nothing is sent after stop");
        }
    }

    @Test
    void unpacedSendsAsFastAsItCanAndTheRateCanChangeWhileRunning() throws Exception {
        try (Grid grid = grid()) {
            LoadGenerator load = new LoadGenerator(grid, MIXED, new LoadSettings(0, 2),
                    new LoadMetrics(20, System.nanoTime()));
            load.start();
            sleep(500);
            long before = load.sent();
            sleep(500);
            long unpaced = load.sent() - before;
            load.setRate(50);
            sleep(200);
            before = load.sent();
            sleep(1000);
            long paced = load.sent() - before;
            load.stop(2000);
            assertTrue(unpaced > 75, "unpaced: " + unpaced + " in 0.5 s (paced at 50/s it would be 25)");
            assertTrue(paced >= 5 && paced <= 60, "after setRate(50): " + paced + " in 1 s (never above the pace)");
            assertThrows(BadInputException.class, () -> load.setRate(-1));
        }
    }

    @Test
    void faultsShowInTheFiguresAndStopCutsAnInjectedDelayShort() throws Exception {
        try (Grid grid = grid()) {
            LoadMetrics metrics = new LoadMetrics(20, System.nanoTime());
            LoadGenerator load = new LoadGenerator(grid, MIXED, new LoadSettings(400, 2), metrics);
            grid.injectFault("weather", Fault.failing());
            load.start();
            sleep(600);
            LoadSample s = metrics.sample(System.nanoTime());
            assertTrue(s.totals().count(ErrorCode.EXPERT_FAILED) >= 3, s.totals().toString());
            assertTrue(s.totals().count(ErrorCode.CIRCUIT_OPEN) > 0, "the breaker opened: " + s.totals());
            assertTrue(s.degradedPerSecond() > 0);
            assertEquals(s.totals().errors(), s.totals().count(ErrorCode.EXPERT_FAILED)
                    + s.totals().count(ErrorCode.CIRCUIT_OPEN), "only the faulty route failed");

            // every thread stuck in a 2-second injected delay (the test grid's time limit): stop cuts it short
            grid.injectFault("weather", Fault.NONE);
            grid.injectFault("greeting", Fault.delay(10_000));
            sleep(300);
            // stop(1500) returning true is the proof: the delay (capped at the grid's 2 s limit) was cut short
            assertTrue(load.stop(1500), "stopped before the delay ended");
        }
    }

    @Test
    void settingsAreCheckedUpFront() {
        assertThrows(BadInputException.class, () -> new LoadSettings(-5, 1));
        assertThrows(BadInputException.class, () -> new LoadSettings(10, 0));
        assertThrows(BadInputException.class, () -> new LoadSettings(Double.NaN, 2));
        assertThrows(IllegalArgumentException.class, () -> new LoadGenerator(null, List.of(),
                new LoadSettings(1, 1), new LoadMetrics(1, 0)));
    }
}
