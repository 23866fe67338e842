package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUT /v1/faults/{id}: a fault drill against a served grid, authorized as updates are. */
class FaultEndpointTest {
    @TempDir
    Path dir;
    private final StringWriter log = new StringWriter();

    private static Http.Answer fault(Http http, String expert, String json, String... headers) {
        return http.put("/v1/faults/" + expert, json.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void faultsAreInjectedAndClearedOverHttpAndAnswerTheExpertsState() {
        ServeSettings settings = ServeFixtures.settings().withOpenUpdates(false).withUpdateToken("s3cret");
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), settings, dir.resolve("work"),
                log)) {
            Http http = new Http(server.uri());
            String[] auth = {"Authorization", "Bearer s3cret", "Content-Type", "application/json"};
            assertEquals(401, fault(http, "weather", "{\"kind\": \"throw\"}").code(), "needs the token");

            Http.Answer thrown = fault(http, "weather", "{\"kind\": \"throw\"}", auth);
            assertEquals(200, thrown.code(), thrown.toString());
            JsonObject s = thrown.json();
            assertEquals("weather", s.get("expert").getAsString());
            assertEquals("throws", s.get("fault").getAsString());
            assertEquals("ok", s.get("state").getAsString());
            assertEquals(1, s.get("generation").getAsInt());
            Http.Answer failed = http.post("/v1/route", Http.text("rain and cloud"));
            assertEquals(500, failed.code(), failed.toString());
            assertTrue(failed.body().contains("injected failure"), failed.body());
            assertEquals(200, http.post("/v1/route", Http.text("hello")).code(), "the other route is untouched");

            Http.Answer delayed = fault(http, "weather", "{\"kind\": \"delay\", \"ms\": 5}", auth);
            assertEquals("+5 ms", delayed.json().get("fault").getAsString());
            assertEquals(1, delayed.json().get("failures").getAsInt());

            Http.Answer off = fault(http, "weather", "{\"kind\": \"off\"}", auth);
            assertEquals("disabled", off.json().get("state").getAsString());
            assertEquals("disabled", expertState(http, "weather"));

            Http.Answer none = fault(http, "weather", "{\"kind\": \"none\"}", auth);
            assertEquals("none", none.json().get("fault").getAsString());
            assertTrue(log.toString().contains("fault on expert 'weather' of generation 1: throws"), log.toString());
        }
    }

    private static String expertState(Http http, String id) {
        for (var e : http.get("/v1/health").json().getAsJsonArray("experts")) {
            if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
                return e.getAsJsonObject().get("state").getAsString();
            }
        }
        throw new AssertionError("no expert " + id);
    }

    @Test
    void badFaultsAreRefusedWithOneLine() {
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), ServeFixtures.settings(),
                dir.resolve("work"), log)) {
            Http http = new Http(server.uri());
            assertRefused(fault(http, "weather", "{\"kind\": \"explode\"}"), 400,
                    "unknown kind 'explode'; expected one of [throw, delay, off, none]");
            assertRefused(fault(http, "weather", "{\"kind\": \"delay\"}"), 400, "'ms' is needed");
            assertRefused(fault(http, "weather", "{\"kind\": \"throw\", \"ms\": 5}"), 400, "'ms' goes only with");
            assertRefused(fault(http, "weather", "{\"kind\": \"throw\", \"kind\": \"off\"}"), 400,
                    "field 'kind' is given twice");
            assertRefused(fault(http, "weather", "{\"kind\": \"delay\", \"ms\": -1}"), 400, "from 0 to 3600000");
            assertRefused(fault(http, "weather", "{\"kind\": \"throw\"} x"), 400, "not valid JSON");
            assertRefused(fault(http, "wether", "{\"kind\": \"throw\"}"), 404, "expected one of [greeting, weather]");
            assertRefused(http.method("GET", "/v1/faults/weather"), 405, "use PUT");
            assertEquals("ok", http.get("/v1/health").json().get("status").getAsString(), "nothing was injected");
        }
        ServeSettings closed = ServeFixtures.settings().withOpenUpdates(false);
        try (GridServer server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), closed, dir.resolve("work2"),
                log)) {
            assertRefused(fault(new Http(server.uri()), "weather", "{\"kind\": \"throw\"}"), 403, "updates are off");
        }
    }

    private static void assertRefused(Http.Answer a, int code, String part) {
        assertEquals(code, a.code(), a.toString());
        assertTrue(a.error().contains(part), a.error());
    }
}
