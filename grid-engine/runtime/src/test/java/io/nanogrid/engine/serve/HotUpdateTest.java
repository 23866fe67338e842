package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUT /v1/bundle and PUT /v1/experts/{id}: verified, swapped in, refused with the old grid still serving. */
class HotUpdateTest {
    @TempDir
    Path dir;
    private final StringWriter log = new StringWriter();

    private static String label(Http http, String text) {
        Http.Answer a = http.post("/v1/route", Http.text(text));
        assertEquals(200, a.code(), a.toString());
        return a.json().getAsJsonObject("result").get("label").getAsString();
    }

    @Test
    void aNewBundleIsSwappedInAndARefusedOneChangesNothing() throws Exception {
        Path work = dir.resolve("work");
        // left by a server that was killed with the same --work-dir: not reused, not touched
        Path stale = Files.createDirectories(work.resolve("grid-1"));
        Files.writeString(stale.resolve("grid.json"), "{}");
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), ServeFixtures.settings(), work,
                log)) {
            Http http = new Http(server.uri());
            assertEquals("hello", label(http, "hello"));

            Http.Answer put = http.put("/v1/bundle", ServeFixtures.flippedBundle(dir, "v2"));
            assertEquals(200, put.code(), put.toString());
            assertEquals(2, put.json().get("generation").getAsInt());
            assertEquals("test-grid", put.json().get("grid").getAsString());
            assertEquals(List.of("models/router.onnx", "models/greeting.onnx", "models/weather.onnx"),
                    put.json().getAsJsonArray("models").asList().stream().map(e -> e.getAsString()).toList());
            assertEquals("bye", label(http, "hello"), "the new bundle answers");
            assertEquals(2, http.get("/v1/health").json().get("generation").getAsInt());
            assertEquals(List.of("grid-1", "grid-3"), folders(work), "generation 1 (in grid-2) was closed and deleted");

            byte[] zip = Files.readAllBytes(dir.resolve("v1.ngrid"));
            Http.Answer truncated = http.put("/v1/bundle", Arrays.copyOf(zip, zip.length / 2));
            assertEquals(400, truncated.code(), truncated.toString());
            assertTrue(truncated.error().startsWith("the uploaded bundle: "), truncated.error());
            zip[zip.length / 2] ^= 0x10;
            Http.Answer damaged = http.put("/v1/bundle", zip);
            assertEquals(400, damaged.code(), damaged.toString());
            assertEquals("bye", label(http, "hello"), "generation 2 still serves");
            assertEquals(List.of("grid-1", "grid-3"), folders(work), "nothing left behind by the refusals");
            try (Stream<Path> files = Files.list(work)) {
                assertEquals(2, files.count(), "no upload left behind");
            }
            Http.Answer third = http.put("/v1/bundle", dir.resolve("v1.ngrid"));
            assertEquals(3, third.json().get("generation").getAsInt(), "refusals are not generations");
            assertEquals("hello", label(http, "hello"));
            assertTrue(log.toString().contains("now serving generation 2"), log.toString());
            assertTrue(log.toString().contains("bundle update refused (400)"), log.toString());
        }
        assertEquals(List.of("grid-1"), folders(work), "closing the server closes and deletes the last generation");
        assertEquals("{}", Files.readString(stale.resolve("grid.json")));
    }

    private static List<String> folders(Path work) throws Exception {
        try (Stream<Path> s = Files.list(work)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewExpertModelIsSwappedInAfterItAnswersSampleRequests() throws Exception {
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), ServeFixtures.settings(),
                dir.resolve("work"), log)) {
            Http http = new Http(server.uri());
            Path flipped = ServeFixtures.writeFlippedGreeting(dir.resolve("flipped.onnx"));
            Http.Answer put = http.put("/v1/experts/greeting", flipped);
            assertEquals(200, put.code(), put.toString());
            assertEquals("greeting", put.json().get("expert").getAsString());
            assertEquals(Files.size(flipped), put.json().get("bytes").getAsLong());
            assertEquals("ok", put.json().get("state").getAsString());
            assertEquals("bye", label(http, "hello"));
            assertEquals("sunny", label(http, "sun"), "the other expert is untouched");

            Http.Answer unknown = http.put("/v1/experts/greetings", flipped);
            assertEquals(404, unknown.code(), unknown.toString());
            assertTrue(unknown.error().contains("expected one of [greeting, weather]"), unknown.error());

            // loads and binds (same input, two labels), but fails at every run: the probe refuses it
            Path failing = TestModels.write(TestModels.failing(List.of("hello", "bye")), dir.resolve("failing.onnx"));
            Http.Answer refused = http.put("/v1/experts/greeting", failing);
            assertEquals(400, refused.code(), refused.toString());
            assertTrue(refused.error().startsWith("the new model for expert 'greeting' fails on sample requests"),
                    refused.error());
            assertFalse(refused.error().contains(dir.toString()), "no server paths in the answer: " + refused.error());
            assertFalse(refused.error().contains("model the uploaded model"), refused.error());

            // loads, but takes floats where the expert's featurizer gives token ids: named as not fitting
            GraphBuilder g = new GraphBuilder("floats").opset("", 13);
            g.input("x", ElementType.FLOAT, "batch", 4);
            g.node("Softmax", List.of("x"), List.of("y"));
            g.output("y", ElementType.FLOAT, "batch", 4);
            Path misfit = TestModels.write(g.build(), dir.resolve("misfit.onnx"));
            Http.Answer misfitAnswer = http.put("/v1/experts/greeting", misfit);
            assertEquals(400, misfitAnswer.code(), misfitAnswer.toString());
            assertTrue(misfitAnswer.error().startsWith("the uploaded model does not fit expert 'greeting': "),
                    misfitAnswer.error());
            assertFalse(misfitAnswer.error().contains(dir.toString()), misfitAnswer.error());
            assertEquals("bye", label(http, "hello"), "the model before the refusal still serves");

            Http.Answer garbage = http.put("/v1/experts/greeting", new byte[] {1, 2, 3});
            assertEquals(400, garbage.code(), garbage.toString());
            assertEquals("cannot load the uploaded model for expert 'greeting': not a valid ONNX model (truncated or "
                    + "corrupt protobuf)", garbage.error());
            assertEquals("ok", http.get("/v1/health").json().get("status").getAsString());
        }
    }

    @Test
    void aReplacedExpertModelFileIsDeleted() throws Exception {
        Path work = dir.resolve("work");
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), ServeFixtures.settings(), work,
                log)) {
            Http http = new Http(server.uri());
            Path flipped = ServeFixtures.writeFlippedGreeting(dir.resolve("flipped.onnx"));
            Path original = dir.resolve("v1-grid").resolve("greeting.onnx");
            for (int i = 0; i < 6; i++) {
                Http.Answer put = http.put("/v1/experts/greeting", i % 2 == 0 ? flipped : original);
                assertEquals(200, put.code(), put.toString());
            }
            assertEquals("hello", label(http, "hello"), "the sixth model (the original) serves");
            assertEquals(List.of("greeting-6.onnx"), files(work.resolve("grid-1").resolve("uploads")),
                    "only the model served is kept");
            assertEquals(List.of("router.onnx", "weather.onnx"), files(work.resolve("grid-1").resolve("models")),
                    "the bundle's greeting model was replaced, and deleted");
            String model = http.get("/v1/health").json().getAsJsonArray("experts").get(0).getAsJsonObject()
                    .get("model").getAsString();
            assertEquals("uploads/greeting-6.onnx", model);
        }
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void updatesAreRefusedUnlessATokenOrOpenUpdatesOnLoopbackWereGiven() throws Exception {
        ServeSettings noToken = ServeSettings.defaults().withPort(0).withDrainSeconds(5);
        assertFalse(noToken.updatesEnabled(), "no token by default: no updates");
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), noToken, dir.resolve("work"),
                log)) {
            Http http = new Http(server.uri());
            Http.Answer bundle = http.put("/v1/bundle", ServeFixtures.flippedBundle(dir, "v2"));
            assertEquals(403, bundle.code(), bundle.toString());
            assertTrue(bundle.error().contains("--update-token-file"), bundle.error());
            Http.Answer expert = http.put("/v1/experts/greeting",
                    ServeFixtures.writeFlippedGreeting(dir.resolve("flipped.onnx")));
            assertEquals(403, expert.code(), expert.toString());
            assertEquals("hello", label(http, "hello"), "nothing was replaced");
            assertEquals(200, http.get("/v1/health").code(), "the server still answers");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServeSettings("0.0.0.0", 0, 1, 1, 1000, 1, 1, 0, null, true, null, 1, 1));
        assertTrue(e.getMessage().contains("only for a loopback address"), e.getMessage());
    }

    @Test
    void anExpectedSha256IsCheckedBeforeTheSwapAndTheServedOnesAreReported() throws Exception {
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), ServeFixtures.settings(),
                dir.resolve("work"), log)) {
            Http http = new Http(server.uri());
            byte[] model = Files.readAllBytes(ServeFixtures.writeFlippedGreeting(dir.resolve("flipped.onnx")));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
            byte[] damaged = model.clone();
            damaged[damaged.length / 2] ^= 0x01;
            Http.Answer mismatch = http.put("/v1/experts/greeting", damaged, "X-Sha256", sha);
            assertEquals(400, mismatch.code(), mismatch.toString());
            assertTrue(mismatch.error().contains("sha256") && mismatch.error().contains(sha), mismatch.error());
            assertEquals("hello", label(http, "hello"), "the damaged model was not swapped in");
            Http.Answer malformed = http.put("/v1/experts/greeting?sha256=abc", model);
            assertEquals(400, malformed.code(), malformed.toString());
            assertTrue(malformed.error().contains("64 hexadecimal digits"), malformed.error());

            Http.Answer ok = http.put("/v1/experts/greeting?sha256=" + sha.toUpperCase(Locale.ROOT), model);
            assertEquals(200, ok.code(), ok.toString());
            assertEquals(sha, ok.json().get("sha256").getAsString());
            assertEquals("bye", label(http, "hello"));
            var health = http.get("/v1/health").json();
            assertEquals(sha, health.getAsJsonObject("modelSha256").get("greeting").getAsString());
            String metrics = http.get("/v1/metrics").body();
            assertTrue(metrics.contains("nanogrid_expert_model_info{expert=\"greeting\",sha256=\"" + sha + "\"} 1"),
                    metrics);

            byte[] bundle = Files.readAllBytes(ServeFixtures.flippedBundle(dir, "v2"));
            String bundleSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundle));
            Http.Answer wrongBundle = http.put("/v1/bundle?sha256=" + sha, bundle);
            assertEquals(400, wrongBundle.code(), wrongBundle.toString());
            assertEquals(1, http.get("/v1/health").json().get("generation").getAsInt());
            Http.Answer rightBundle = http.put("/v1/bundle", bundle, "X-Sha256", bundleSha);
            assertEquals(200, rightBundle.code(), rightBundle.toString());
            assertEquals(bundleSha, rightBundle.json().get("sha256").getAsString());
            assertEquals(bundleSha, http.get("/v1/health").json().get("bundleSha256").getAsString());
            assertTrue(http.get("/v1/metrics").body().contains("sha256=\"" + bundleSha + "\"} 1"));
        }
    }

    @Test
    void uploadsAreBoundedAndCanRequireAToken() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        ServeSettings settings = ServeFixtures.settings().withLimits(4096, 64 * 1024).withUpdateToken(
                Files.readString(token).strip());
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), settings, dir.resolve("work"),
                log)) {
            Http http = new Http(server.uri());
            byte[] bundle = Files.readAllBytes(ServeFixtures.flippedBundle(dir, "v2"));
            Http.Answer anonymous = http.put("/v1/bundle", bundle);
            assertEquals(401, anonymous.code(), anonymous.toString());
            assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, http.put("/v1/bundle", bundle, "Authorization", "Bearer wrong").code());
            Http.Answer tooBig = http.put("/v1/bundle", new byte[100 * 1024], "Authorization", "Bearer s3cret");
            assertEquals(413, tooBig.code(), tooBig.toString());
            assertTrue(tooBig.error().contains("the limit is 65536 bytes"), tooBig.error());
            Http.Answer ok = http.put("/v1/bundle", bundle, "Authorization", "Bearer s3cret");
            assertEquals(200, ok.code(), ok.toString());
            assertEquals("bye", label(http, "hello"));
        }
    }
}
