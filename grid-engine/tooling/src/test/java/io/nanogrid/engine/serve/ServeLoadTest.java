package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load on loopback (2,000 requests at concurrency 16, a few seconds) with a new bundle and a
 * new expert model PUT in the middle of it: zero errors, and both swaps seen by the requests. Prints
 * p50, p99 and throughput; ServeLoadMain runs the full-size figures.
 */
class ServeLoadTest {
    @TempDir
    Path dir;

    @Test
    void twoThousandRequestsAtConcurrency16WithTwoHotUpdatesFailNone() throws Exception {
        StringWriter log = new StringWriter();
        Path v2 = ServeFixtures.flippedBundle(dir, "v2");
        Path original = ServeFixtures.gridFile(dir, "v1").resolveSibling("greeting.onnx");
        ServeSettings settings = ServeFixtures.settings().withWorkers(2, 64);
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), settings, dir.resolve("work"),
                log)) {
            Http admin = new Http(server.uri());
            int n = 2_000;
            LoadRun.Result r = LoadRun.run(server.uri(), ServeFixtures.BODIES, n, 16, 200, List.of(
                    new LoadRun.Action(n / 3, "PUT /v1/bundle", () -> admin.put("/v1/bundle", v2)),
                    new LoadRun.Action(2 * n / 3, "PUT /v1/experts/greeting",
                            () -> admin.put("/v1/experts/greeting", original))));
            System.out.println("ServeLoadTest: " + r.summary());
            r.actions().forEach(a -> System.out.printf(Locale.ROOT,
                    "ServeLoadTest: %s -> %d in %.3f s, %d requests answered meanwhile%n", a.name(), a.code(),
                    a.seconds(), a.answeredMeanwhile()));
            assertEquals(0, r.errors(), "errors: " + r.firstErrors());
            assertEquals(Map.of(200, n), r.codes());
            assertEquals(2, r.actions().size());
            r.actions().forEach(a -> assertEquals(200, a.code(), a.name() + ": " + a.body()));
            Map<String, Integer> answers = r.answers();
            assertTrue(answers.getOrDefault(Http.text("hello") + " -> greeting/hello", 0) > 0, answers.toString());
            assertTrue(answers.getOrDefault(Http.text("hello") + " -> greeting/bye", 0) > 0,
                    "the new bundle answered during the load: " + answers);
            Http.Answer h = admin.get("/v1/health");
            assertEquals(2, h.json().get("generation").getAsInt());
            assertEquals("hello", admin.post("/v1/route", Http.text("hello")).json().getAsJsonObject("result")
                    .get("label").getAsString(), "the expert PUT last answers now");
        }
    }
}
