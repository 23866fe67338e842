package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection guard in front of serve, on real sockets: slow clients cost no server thread and are cut
 * at their deadline (the guard's clock is moved by hand, never waited for), the connection limit answers
 * 503, and malformed requests get the API's own one-line refusal.
 */
class ConnectionGuardTest {
    /** Far from the few milliseconds a health check takes, and far below the 60 s the JDK server held slow clients. */
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final StringWriter log = new StringWriter();
    private final AtomicLong clock = new AtomicLong();

    private GridServer start(ServeSettings settings) {
        return ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), settings, dir.resolve("work"), log, clock::get);
    }

    private static Http.Answer healthWithin(Http http, URI base) {
        return http.send(HttpRequest.newBuilder(base.resolve("/v1/health")).timeout(ANSWER_LIMIT).build());
    }

    @Test
    void slowClientsHoldNoThreadAndAreCutAtTheirDeadline() {
        try (GridServer server = start(ServeFixtures.settings())) {
            Http http = new Http(server.uri());
            List<RawClient> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 64; i++) {
                    RawClient c = new RawClient(server.uri());
                    // half the request line, or the headers and half the body: then nothing more
                    c.send(i % 2 == 0 ? "POST /v1/ro" : "POST /v1/route HTTP/1.1\r\nHost: x\r\nContent-Type: "
                            + "application/json\r\nContent-Length: 20\r\n\r\n{\"te");
                    slow.add(c);
                }
                for (int i = 0; i < 20; i++) {
                    Http.Answer h = healthWithin(http, server.uri());
                    assertEquals(200, h.code(), h.toString());
                    assertEquals(200, http.post("/v1/route", Http.text("hello")).code());
                }
                clock.addAndGet(Duration.ofMillis(ServeFixtures.settings().readTimeoutMillis() + 1).toNanos());
                server.guard().wakeup();
                for (int i = 0; i < slow.size(); i++) {
                    String answer = slow.get(i).readToEnd();
                    assertTrue(answer.startsWith("HTTP/1.1 408 "), i + ": " + answer);
                    assertTrue(error(answer).startsWith(i % 2 == 0
                            ? "the request's line and headers did not arrive within 10000 ms"
                            : "the request's body (20 bytes) did not arrive in time"), answer);
                }
            } finally {
                slow.forEach(RawClient::close);
            }
            assertEquals(200, http.post("/v1/route", Http.text("hello")).code());
            String metrics = http.get("/v1/metrics").body();
            assertTrue(metrics.contains("nanogrid_http_requests_total{endpoint=\"other\",code=\"408\"} 32"), metrics);
            assertTrue(metrics.contains("nanogrid_http_requests_total{endpoint=\"/v1/route\",code=\"408\"} 32"),
                    metrics);
        }
    }

    @Test
    void connectionsPastTheLimitAreAnswered503AndTheServerGoesOn() {
        try (GridServer server = start(ServeFixtures.settings().withConnections(4, 10_000))) {
            List<RawClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    idle.add(new RawClient(server.uri()));
                }
                try (RawClient fifth = new RawClient(server.uri())) {
                    String answer = fifth.readToEnd();
                    assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
                    assertTrue(answer.contains("Retry-After: 1"), answer);
                    assertEquals("too many connections: 4 are open; retry later", error(answer));
                }
            } finally {
                idle.forEach(RawClient::close);
            }
            Http http = new Http(server.uri());
            Http.Answer h = healthWithin(http, server.uri());
            assertEquals(200, h.code(), "answered once the idle connections closed: " + h);
        }
    }

    @Test
    void malformedRequestsGetTheApisOwnOneLineRefusal() {
        try (GridServer server = start(ServeFixtures.settings())) {
            assertRefused(server, "GARBAGE\r\n\r\n", 400, "the request line must be 'METHOD /path HTTP/1.1', got "
                    + "'GARBAGE'");
            assertRefused(server, "GET /v1/health HTTP/2.0\r\n\r\n", 400, "the request line must be");
            assertRefused(server, "POST /v1/route HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400,
                    "Content-Length must be a number of bytes, got 'abc'");
            assertRefused(server, "POST /v1/route HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n", 400,
                    "Content-Length is given twice with different values");
            assertRefused(server, "GET /v1/health HTTP/1.1\r\nno colon here\r\n\r\n", 400,
                    "header line 1 must be 'Name: value', got 'no colon here'");
            assertRefused(server, "POST /v1/route HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411,
                    "send the body with a Content-Length");
            assertRefused(server, "POST /v1/route HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", 413,
                    "the request is 99999999 bytes; the limit is 1048576 bytes");
            assertRefused(server, "GET /v1/health HTTP/1.1\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n", 431,
                    "the request's line and headers are larger than 65536 bytes");
            Http.Answer h = healthWithin(new Http(server.uri()), server.uri());
            assertEquals(200, h.code(), h.toString());
        }
    }

    private static void assertRefused(GridServer server, String request, int code, String message) {
        try (RawClient c = new RawClient(server.uri())) {
            String answer = c.send(request).readToEnd();
            assertTrue(answer.startsWith("HTTP/1.1 " + code + " "), answer);
            assertTrue(answer.contains("Content-Type: application/json; charset=utf-8"), answer);
            assertTrue(error(answer).startsWith(message), answer);
            assertEquals(1, error(answer).lines().count(), answer);
        }
    }

    /** The error of an answer read off the socket: {"error": "..."} after the headers. */
    static String error(String answer) {
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        return JsonParser.parseString(body).getAsJsonObject().get("error").getAsString();
    }
}
