package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API on real HTTP (127.0.0.1, a free port) over a real bundle in ONNX Runtime. */
class GridServerTest {
    @TempDir
    Path dir;
    private GridServer server;
    private Http http;
    private final StringWriter log = new StringWriter();

    @BeforeEach
    void start() {
        Path bundle = ServeFixtures.bundle(dir, "v1");
        server = ServeFixtures.start(bundle, ServeFixtures.settings().withLimits(4096, 1 << 20), dir.resolve("work"),
                log);
        http = new Http(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void badRequestsAreRefusedWithOneLineNamingWhatIsWrong() {
        assertError(http.post("/v1/route", "{\"text\": "), 400, "not valid JSON");
        assertError(http.post("/v1/route", "{\"text\": \"a\", \"lang\": \"en\"}"), 400, "unknown field 'lang'");
        assertError(http.post("/v1/route", "{\"text\": \"" + "a".repeat(5000) + "\"}"), 413,
                "the request is 5012 bytes; the limit is 4096 bytes");
        assertError(http.method("GET", "/v1/route"), 405, "use POST");
        assertEquals("POST", http.method("DELETE", "/v1/route").headers().firstValue("Allow").orElse(""));
        assertError(http.method("POST", "/v1/health"), 405, "use GET");
        assertError(http.get("/v1/routes"), 404, "no endpoint GET /v1/routes; expected one of [POST /v1/route");
        assertError(http.get("/"), 404, "no endpoint");
        assertError(http.put("/v1/experts/a/b", new byte[1]), 404, "no endpoint");
        assertError(http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/route"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}")).build()), 415,
                "the body must be JSON: send it with Content-Type: application/json, not "
                        + "'application/x-www-form-urlencoded'");
        assertError(http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/route"))
                .header("Content-Type", "application/json; charset=iso-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}")).build()), 415,
                "the body must be UTF-8 JSON");
        assertEquals(200, http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/route"))
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}")).build()).code());
        byte[] latin1 = "{\"text\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertError(http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/route"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)).build()), 400, "not UTF-8");

        // a request the grid cannot take: its own answer, status 400
        Http.Answer tensor = http.post("/v1/route", "{\"tensor\": {\"shape\": [1, 2], \"values\": [1, 2]}}");
        assertEquals(400, tensor.code(), tensor.toString());
        assertEquals("bad_request", tensor.json().getAsJsonObject("error").get("code").getAsString());
        // still serving
        assertEquals(200, http.post("/v1/route", Http.text("hello")).code());
    }

    private static void assertError(Http.Answer a, int code, String message) {
        assertEquals(code, a.code(), a.toString());
        assertTrue(a.error().contains(message), a.error());
        assertEquals(1, a.error().lines().count());
        assertEquals(Set.of("error"), a.json().keySet());
    }

    @Test
    void healthListsEveryExpertsState() {
        http.post("/v1/route", Http.text("hello"));
        Http.Answer h = http.get("/v1/health");
        assertEquals(200, h.code(), h.toString());
        JsonObject j = h.json();
        assertEquals("ok", j.get("status").getAsString());
        assertEquals("test-grid", j.get("grid").getAsString());
        assertEquals(1, j.get("generation").getAsInt());
        JsonArray experts = j.getAsJsonArray("experts");
        assertEquals(List.of("greeting", "weather"), ids(experts));
        JsonObject greeting = experts.get(0).getAsJsonObject();
        assertEquals("ok", greeting.get("state").getAsString());
        assertEquals(1, greeting.get("calls").getAsInt());
        assertEquals("models/greeting.onnx", greeting.get("model").getAsString());
        assertTrue(greeting.has("lastError"), "nulls are written");
    }

    private static List<String> ids(JsonArray experts) {
        List<String> ids = new ArrayList<>();
        for (JsonElement e : experts) {
            ids.add(e.getAsJsonObject().get("id").getAsString());
        }
        return ids;
    }

    /** Every line is a comment or a sample NAME{LABELS} VALUE; every sample's family has HELP and TYPE. */
    static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})? "
                    + "(-?[0-9.]+(E-?[0-9]+)?|NaN|[+-]Inf)");

    @Test
    void metricsAreInThePrometheusTextFormatAndCountWhatHappened() {
        for (int i = 0; i < 3; i++) {
            http.post("/v1/route", Http.text("hello"));
        }
        http.post("/v1/route", Http.text("rain"));
        http.post("/v1/route", "{");
        http.get("/nowhere");
        Http.Answer m = http.get("/v1/metrics");
        assertEquals(200, m.code());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", m.headers().firstValue("Content-Type").orElse(""));
        Map<String, Double> samples = parse(m.body());
        assertEquals(3.0, samples.get("nanogrid_route_requests_total{route=\"greeting\",code=\"200\"}"));
        assertEquals(1.0, samples.get("nanogrid_route_requests_total{route=\"weather\",code=\"200\"}"));
        assertEquals(1.0, samples.get("nanogrid_route_requests_total{route=\"none\",code=\"400\"}"));
        assertEquals(1.0, samples.get("nanogrid_http_requests_total{endpoint=\"other\",code=\"404\"}"));
        assertEquals(5.0, samples.get("nanogrid_route_latency_seconds_count"));
        assertEquals(5.0, samples.get("nanogrid_route_latency_seconds_bucket{le=\"+Inf\"}"));
        assertTrue(samples.get("nanogrid_route_latency_seconds_sum") > 0);
        assertEquals(3.0, samples.get("nanogrid_expert_calls_total{expert=\"greeting\"}"));
        assertEquals(0.0, samples.get("nanogrid_expert_failures_total{expert=\"weather\"}"));
        assertEquals(1.0, samples.get("nanogrid_expert_state{expert=\"weather\",state=\"ok\"}"));
        assertEquals(0.0, samples.get("nanogrid_expert_state{expert=\"weather\",state=\"open\"}"));
        assertEquals(0.0, samples.get("nanogrid_queue_depth"));
        assertEquals(0.0, samples.get("nanogrid_in_flight"));
        assertEquals(1.0, samples.get("nanogrid_grid_generation{grid=\"test-grid\"}"));
        assertTrue(samples.get("process_resident_memory_bytes") > 10_000_000, "RSS of a JVM with ORT");
        double previous = -1;
        for (String le : List.of("0.0001", "0.001", "0.01", "0.1", "1", "10", "+Inf")) {
            double v = samples.get("nanogrid_route_latency_seconds_bucket{le=\"" + le + "\"}");
            assertTrue(v >= previous, "cumulative buckets");
            previous = v;
        }
    }

    @Test
    void anAnsweredRequestIsNoLongerInFlight() {
        // the pool's active count would still hold the worker that wrote the answer until it went idle
        for (int i = 0; i < 50; i++) {
            assertEquals(200, http.post("/v1/route", Http.text(i % 2 == 0 ? "hello" : "rain")).code());
            assertEquals(0.0, parse(http.get("/v1/metrics").body()).get("nanogrid_in_flight"), "after request " + i);
            assertEquals(0, http.get("/v1/health").json().get("inFlight").getAsInt(), "after request " + i);
        }
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# HELP ")) {
                helped.add(line.split(" ")[2]);
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertTrue(List.of("counter", "gauge", "histogram").contains(p[3]), line);
                typed.add(p[2]);
            } else {
                var matcher = SAMPLE.matcher(line);
                assertTrue(matcher.matches(), "not a sample line: " + line);
                String family = matcher.group(1).replaceFirst("_(bucket|sum|count)$", "");
                assertTrue(typed.contains(family) || typed.contains(matcher.group(1)), "no TYPE before " + line);
                assertTrue(helped.contains(family) || helped.contains(matcher.group(1)), "no HELP before " + line);
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)
                        .replace("+Inf", "Infinity")));
            }
        }
        return samples;
    }
}
