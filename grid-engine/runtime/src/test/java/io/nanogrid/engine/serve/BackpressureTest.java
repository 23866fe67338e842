package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure, timeouts and shutdown with a slow expert: the weather expert runs a Loop of matrix
 * products, so its requests hold a worker for a while.
 */
class BackpressureTest {
    /** About 0.4 s of work per weather request here (2 shared cores); the grid's own limit is 2 s. */
    static final long SLOW = 30_000;

    @TempDir
    Path dir;
    private final StringWriter log = new StringWriter();

    @Test
    void aFullQueueAnswers429AtOnceAndEveryOtherRequestIsAnswered() throws Exception {
        ServeSettings settings = ServeFixtures.settings().withWorkers(1, 1).withTimeoutMillis(30_000);
        try (GridServer server = ServeFixtures.start(ServeFixtures.slowBundle(dir, "slow", SLOW), settings,
                dir.resolve("work"), log)) {
            Http http = new Http(server.uri());
            int n = 8;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<CompletableFuture<Http.Answer>> answers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    answers.add(CompletableFuture.supplyAsync(() -> http.post("/v1/route", Http.text("rain")), pool));
                }
                int busy = 0;
                int ok = 0;
                for (CompletableFuture<Http.Answer> f : answers) {
                    Http.Answer a = f.get();
                    if (a.code() == 429) {
                        busy++;
                        assertTrue(a.error().startsWith("busy: 1 requests are waiting"), a.error());
                        assertEquals("1", a.headers().firstValue("Retry-After").orElse(""));
                    } else {
                        assertEquals(200, a.code(), a.toString());
                        assertEquals("weather", a.json().get("route").getAsString());
                        ok++;
                    }
                }
                assertTrue(busy >= 1 && ok >= 2, "one routing, one waiting, the rest refused: " + ok + " ok, " + busy
                        + " busy");
                Map<String, Double> m = GridServerTest.parse(http.get("/v1/metrics").body());
                assertEquals(busy, m.get("nanogrid_rejected_total").intValue());
                assertEquals(busy, m.get("nanogrid_route_requests_total{route=\"none\",code=\"429\"}").intValue());
                assertEquals(200, http.post("/v1/route", Http.text("hello")).code(), "serving again");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRequestWithNoAnswerInTimeIs504AndTheWorkerGoesOn() throws Exception {
        ServeSettings settings = ServeFixtures.settings().withWorkers(1, 4).withTimeoutMillis(50);
        try (GridServer server = ServeFixtures.start(ServeFixtures.slowBundle(dir, "slow", SLOW), settings,
                dir.resolve("work"), log)) {
            Http http = new Http(server.uri());
            long t0 = System.nanoTime();
            Http.Answer slow = http.post("/v1/route", Http.text("rain"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(504, slow.code(), slow.toString());
            assertEquals("no answer within 50 ms", slow.error());
            assertTrue(ms < 1500, "answered at the timeout, not when the model finished: " + ms + " ms");
            Map<String, Double> m = GridServerTest.parse(http.get("/v1/metrics").body());
            assertEquals(1, m.get("nanogrid_timeouts_total").intValue());
        }
    }

    @Test
    void shutdownLetsRequestsInFlightFinishThenStopsListening() throws Exception {
        Path work = dir.resolve("work");
        ServeSettings settings = ServeFixtures.settings().withWorkers(2, 4).withTimeoutMillis(30_000)
                .withDrainSeconds(20);
        GridServer server = ServeFixtures.start(ServeFixtures.slowBundle(dir, "slow", SLOW), settings, work, log);
        Http http = new Http(server.uri());
        CompletableFuture<Http.Answer> inFlight = CompletableFuture.supplyAsync(() -> http.post("/v1/route",
                Http.text("rain")));
        long deadline = System.currentTimeMillis() + 10_000;
        while (server.open() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, server.open(), "the slow request is in flight");
        long t0 = System.nanoTime();
        server.close();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Http.Answer a = inFlight.get();
        assertEquals(200, a.code(), "the request in flight was answered: " + a);
        assertEquals("weather", a.json().get("route").getAsString());
        assertTrue(seconds < 15, "close waited for the request, not for the whole drain time: " + seconds + " s");
        Throwable refused = Assertions.assertThrows(UncheckedIOException.class,
                () -> new Http(server.uri()).get("/v1/health")).getCause();
        assertTrue(refused instanceof ConnectException, "no longer listening: " + refused);
        try (var s = Files.list(work)) {
            assertEquals(0, s.count(), "the grid was closed and its folder deleted");
        }
    }
}
