package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure, timeouts and shutdown with a slow expert: the weather expert runs a Loop of matrix
 * products, so its requests hold a worker for a while. No assertion races the machine's speed: the
 * grid's own time limit is set far from the work (a model taking 0.4 s once took 2,034 ms under load and
 * hit the 2 s limit), a worker is held by an injected delay for as long as the test needs it, and the
 * server's state is read from its metrics rather than inferred from how long something took.
 */
class BackpressureTest {
    /** About 0.4 s of work per weather request here (2 shared cores), 2 s under load. */
    static final long SLOW = 30_000;
    /** The grid's own limit per expert call: far from any work timed here. */
    static final long GRID_LIMIT_MS = 600_000;
    /** How long an injected delay holds the one worker while the queue's behaviour is checked (milliseconds). */
    static final long HOLD_MS = 10_000;

    @TempDir
    Path dir;
    private final StringWriter log = new StringWriter();

    private static double metric(Http http, String name) {
        Double v = GridServerTest.parse(http.get("/v1/metrics").body()).get(name);
        return v != null ? v : 0;
    }

    /** Injects a fault over HTTP (PUT /v1/faults/{id}): {"kind": "delay", "ms": N} or {"kind": "none"}. */
    private static void fault(Http http, String expert, String json) {
        Http.Answer a = http.put("/v1/faults/" + expert, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, a.code(), a.toString());
    }

    private static void awaitMetric(Http http, String name, double value) throws InterruptedException {
        while (metric(http, name) != value) {
            Thread.sleep(5); // polled, not timed: the test's own time-out (the build's) is the only limit
        }
    }

    @Test
    void aFullQueueAnswers429AtOnceAndEveryOtherRequestIsAnswered() throws Exception {
        ServeSettings settings = ServeFixtures.settings().withWorkers(1, 1).withTimeoutMillis(GRID_LIMIT_MS);
        try (GridServer server = ServeFixtures.start(ServeFixtures.slowBundle(dir, "slow", SLOW, GRID_LIMIT_MS),
                settings, dir.resolve("work"), log)) {
            Http http = new Http(server.uri());
            // the one worker is held HOLD_MS by the first request, far longer than the few milliseconds the
            // checks below take, so the queue's state is known, not raced
            fault(http, "weather", "{\"kind\": \"delay\", \"ms\": " + HOLD_MS + "}");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CompletableFuture<Http.Answer> routing = CompletableFuture.supplyAsync(
                        () -> http.post("/v1/route", Http.text("rain")), pool);
                awaitMetric(http, "nanogrid_in_flight", 1);
                CompletableFuture<Http.Answer> waiting = CompletableFuture.supplyAsync(
                        () -> http.post("/v1/route", Http.text("rain")), pool);
                awaitMetric(http, "nanogrid_queue_depth", 1);
                for (int i = 0; i < 3; i++) {
                    Http.Answer a = http.post("/v1/route", Http.text("sun"));
                    assertEquals(429, a.code(), a.toString());
                    assertTrue(a.error().startsWith("busy: 1 requests are waiting"), a.error());
                    assertEquals("1", a.headers().firstValue("Retry-After").orElse(""));
                }
                assertEquals(200, http.get("/v1/health").code(), "health answers while the route pool is full");
                fault(http, "weather", "{\"kind\": \"none\"}"); // the waiting request runs the model alone
                Http.Answer second = waiting.get();
                assertEquals(200, second.code(), second.toString());
                assertEquals("weather", second.json().get("route").getAsString());
                Map<String, Double> m = GridServerTest.parse(http.get("/v1/metrics").body());
                assertEquals(3, m.get("nanogrid_rejected_total").intValue());
                assertEquals(3, m.get("nanogrid_route_requests_total{route=\"none\",code=\"429\"}").intValue());
                assertEquals(200, routing.get().code(), "the held request was answered too");
                assertEquals(200, http.post("/v1/route", Http.text("hello")).code(), "serving again");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRequestWithNoAnswerInTimeIs504AndTheWorkerGoesOn() throws Exception {
        ServeSettings settings = ServeFixtures.settings().withWorkers(1, 4).withTimeoutMillis(50).withDrainSeconds(0);
        try (GridServer server = ServeFixtures.start(ServeFixtures.slowBundle(dir, "slow", SLOW, GRID_LIMIT_MS),
                settings, dir.resolve("work"), log)) {
            Http http = new Http(server.uri());
            fault(http, "weather", "{\"kind\": \"delay\", \"ms\": " + GRID_LIMIT_MS / 2 + "}");
            Http.Answer slow = http.post("/v1/route", Http.text("rain"));
            assertEquals(504, slow.code(), slow.toString());
            assertEquals("no answer within 50 ms", slow.error());
            Map<String, Double> m = GridServerTest.parse(http.get("/v1/metrics").body());
            assertEquals(1, m.get("nanogrid_timeouts_total").intValue());
            assertEquals(1, m.get("nanogrid_in_flight").intValue(),
                    "answered at the timeout while the worker still routes (held for minutes by the fault)");
        }
    }

    @Test
    void shutdownLetsRequestsInFlightFinishThenStopsListening() throws Exception {
        Path work = dir.resolve("work");
        ServeSettings settings = ServeFixtures.settings().withWorkers(2, 4).withTimeoutMillis(GRID_LIMIT_MS)
                .withDrainSeconds(300);
        GridServer server = ServeFixtures.start(ServeFixtures.slowBundle(dir, "slow", SLOW, GRID_LIMIT_MS), settings,
                work, log);
        Http http = new Http(server.uri());
        CompletableFuture<Http.Answer> inFlight = CompletableFuture.supplyAsync(() -> http.post("/v1/route",
                Http.text("rain")));
        // in flight = being routed: a request the server has received but not yet admitted may still be
        // refused with 503 by a close that comes first (received is server.open(); waiting for that raced)
        long waitUntil = System.nanoTime() + 120_000_000_000L; // far from the milliseconds this takes
        while (server.routing() == 0) {
            assertTrue(System.nanoTime() < waitUntil, "the slow request reached a worker within 120 s");
            Thread.sleep(1);
        }
        assertEquals(1, server.open(), "the slow request is in flight");
        long t0 = System.nanoTime();
        server.close();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Http.Answer a = inFlight.get();
        assertEquals(200, a.code(), "the request in flight was answered: " + a);
        assertEquals("weather", a.json().get("route").getAsString());
        assertTrue(seconds < 150, "close waited for the request (0.4-2 s), not for the whole drain time (300 s): "
                + seconds + " s");
        Throwable refused = Assertions.assertThrows(UncheckedIOException.class,
                () -> new Http(server.uri()).get("/v1/health")).getCause();
        assertTrue(refused instanceof ConnectException, "no longer listening: " + refused);
        try (var s = Files.list(work)) {
            assertEquals(0, s.count(), "the grid was closed and its folder deleted");
        }
    }
}
