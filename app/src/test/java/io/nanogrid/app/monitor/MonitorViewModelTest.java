package io.nanogrid.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.load.ReplayRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's view model on the real three-model grid (real ONNX Runtime sessions, real load
 * threads, the FX thread of a headless toolkit), without a Stage. The test grid's breaker opens
 * after 3 failures and cools down for 200 ms.
 */
class MonitorViewModelTest {
    private static final List<Request> MIXED = List.of(new TextRequest("hello there"),
            new TextRequest("will it rain tomorrow"), new TextRequest("good morning"),
            new TextRequest("sunny and cloud"));

    @TempDir
    Path dir;
    MainViewModel main;
    MonitorViewModel vm;

    @BeforeEach
    void open() {
        Path grid = Workbenches.threeModelGrid(dir);
        main = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> main.open(grid)));
        Fx.waitUntil(() -> main.session().gridProperty().get() != null, "the grid runs");
        vm = Fx.call(() -> new MonitorViewModel(main.session(), main.tasks(),
                g -> new ReplayRequests(MIXED, "four test requests")));
    }

    @AfterEach
    void close() {
        Fx.run(() -> {
            vm.close();
            main.close();
        });
    }

    private void startAt(int rate) {
        Fx.run(() -> {
            vm.rate().set(rate);
            vm.concurrency().set(2);
            vm.start();
        });
        Fx.waitUntil(() -> vm.running().get(), "running");
    }

    private ExpertRow row(String id) {
        return Fx.call(() -> vm.experts().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow());
    }

    private static void sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    private static long loadThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("nanogrid-load-") && t.isAlive()).count();
    }

    @Test
    void replaysAtTheChosenRateAndFillsTheRollingSeries() throws Exception {
        assertEquals(List.of("greeting", "weather"), Fx.call(() -> vm.experts().stream().map(ExpertRow::id).toList()));
        assertTrue(Fx.call(() -> vm.resilience().get().contains("after 3 failures")), vm.resilience().get());
        startAt(200);
        assertEquals(2, loadThreadsAlive());
        assertEquals("four test requests", Fx.call(() -> vm.source().get()));
        sleep(1_500);
        Fx.run(vm::sample);
        double rate = Fx.call(() -> vm.throughput().get());
        // paced at 200/s: never above it; below it only as far as a loaded machine holds the load back
        assertTrue(rate > 10 && rate < 260, "about 200 requests/s over the last second: " + rate);
        assertTrue(Fx.call(() -> vm.requestsDone().get()) > 15);
        assertEquals(0L, Fx.call(() -> vm.errors().get()));

        DoubleDataSet[] greeting = Fx.call(() -> vm.series().latency("greeting"));
        assertNotNull(greeting, "a series for each route that answered");
        int n = Fx.call(() -> greeting[0].getDataCount());
        assertTrue(n >= 3, "sampled at 20 Hz for 1.5 s: " + n + " points");
        double p50 = Fx.call(() -> greeting[0].get(DataSet.DIM_Y, n - 1));
        double p99 = Fx.call(() -> greeting[2].get(DataSet.DIM_Y, greeting[2].getDataCount() - 1));
        assertTrue(p50 > 0 && p50 <= p99, "p50 " + p50 + " ms, p99 " + p99 + " ms");
        assertEquals(4, Fx.call(() -> vm.series().latencyShown().size()), "two routes, p50 and p99 shown");
        Fx.run(() -> vm.series().shown(1).set(true));
        assertEquals(6, Fx.call(() -> vm.series().latencyShown().size()), "and p95");
        assertEquals(List.of("greeting", "weather"), Fx.call(() -> List.copyOf(vm.series().experts())));
        assertTrue(row("greeting").calls().get() > 50);
        assertEquals("ok", row("weather").state().get());

        Fx.run(vm::stop);
        assertFalse(Fx.call(() -> vm.running().get()));
        assertEquals(0, loadThreadsAlive(), "the load threads ended");
        long done = Fx.call(() -> vm.requestsDone().get());
        sleep(200);
        Fx.run(vm::sample);
        assertEquals(done, Fx.call(() -> vm.requestsDone().get()), "nothing is sent after Stop");
        assertTrue(Fx.call(() -> vm.status().get()).startsWith("Stopped after"), vm.status().get());
    }

    @Test
    void aThrowingExpertOpensItsBreakerOnlyItsRouteFailsAndItHealsWhenCleared() throws Exception {
        startAt(300);
        ExpertRow weather = row("weather");
        Fx.run(() -> weather.throwing().set(true));
        Fx.waitUntil(() -> weather.state().get().equals("open"), "weather's breaker opens");
        Fx.waitUntil(() -> vm.refused().get() > 0, "requests refused by the open breaker");
        assertTrue(Fx.call(() -> vm.errors().get()) >= 3);
        assertTrue(row("weather").lastError().get().contains("injected failure"), row("weather").lastError().get());
        assertEquals(0, row("greeting").failures().get(), "the other route is untouched");
        assertEquals("ok", row("greeting").state().get());

        Fx.run(vm::clearFaults);
        // the requests done in the sample that first shows "ok": each load thread may still have a refused
        // request in flight then, so the baseline is taken once more than `concurrency` others are done
        long[] doneWhenHealed = new long[1];
        Fx.waitUntil(() -> {
            doneWhenHealed[0] = vm.requestsDone().get();
            return weather.state().get().equals("ok");
        }, "the half-open probe succeeds after 200 ms");
        int concurrency = Fx.call(() -> vm.concurrency().get());
        Fx.waitUntil(() -> vm.requestsDone().get() > doneWhenHealed[0] + concurrency,
                "more than " + concurrency + " requests done since the breaker healed");
        long errors = Fx.call(() -> vm.errors().get());
        sleep(300);
        Fx.run(vm::sample);
        assertEquals(errors, Fx.call(() -> vm.errors().get()), "no more errors once healed");
    }

    @Test
    void aDisabledExpertAndAnAddedLatencyShowInItsStateAndItsLatency() throws Exception {
        startAt(200);
        ExpertRow weather = row("weather");
        ExpertRow greetingRow = row("greeting");
        Fx.run(() -> {
            weather.disabled().set(true);
            greetingRow.delayMs().set(30);
        });
        Fx.waitUntil(() -> weather.state().get().equals("disabled"), "weather shows as disabled");
        sleep(1_200); // a whole window with the faults
        Fx.run(vm::sample);
        assertTrue(row("weather").failures().get() > 10);
        assertEquals(0L, Fx.call(() -> vm.refused().get()), "a disabled expert's breaker counts nothing");
        DoubleDataSet[] greeting = Fx.call(() -> vm.series().latency("greeting"));
        double p50 = Fx.call(() -> greeting[0].get(DataSet.DIM_Y, greeting[0].getDataCount() - 1));
        assertTrue(p50 >= 30, "greeting's p50 includes the added 30 ms: " + p50);
        Fx.run(() -> vm.rate().set(20));
        assertTrue(Fx.call(() -> vm.status().get()).contains("20 requests/s"), "the rate changes while running");
    }

    @Test
    void exportsTheKeptSeriesAsCsv() throws Exception {
        startAt(200);
        sleep(700);
        Fx.run(vm::stop);
        Path csv = dir.resolve("out").resolve("series.csv");
        Fx.run(() -> vm.exportCsv(csv));
        Fx.waitUntil(() -> vm.status().get().startsWith("Exported"), "exported");
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        assertEquals("time_s", header[0]);
        assertTrue(List.of(header).containsAll(List.of("throughput_rps", "rss_mb", "route_greeting_p50_ms",
                "route_weather_p99_ms", "expert_weather_p50_ms")), lines.get(0));
        int rows = Fx.call(() -> vm.series().history().size());
        assertEquals(rows + 1, lines.size(), "a row per sample kept");
        String[] last = lines.get(lines.size() - 1).split(",", -1);
        assertEquals(header.length, last.length);
        assertTrue(Double.parseDouble(last[List.of(header).indexOf("requests")]) > 50, lines.get(lines.size() - 1));
        try (var files = Files.list(csv.getParent())) {
            assertEquals(List.of(csv), files.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void theLoadStopsBeforeTheGridItRunsOnIsClosed() throws Exception {
        startAt(0); // as fast as the threads can
        sleep(300);
        Fx.run(() -> main.session().close());
        assertFalse(Fx.call(() -> vm.running().get()));
        assertEquals(0, loadThreadsAlive());
        String status = Fx.call(() -> vm.status().get());
        assertTrue(status.startsWith("The grid was reloaded; stopped") && !status.contains("threw"), status);
        assertFalse(Fx.call(() -> vm.canStart().get()), "no grid, no start");
        assertTrue(Fx.call(() -> vm.experts().isEmpty()));
    }
}
