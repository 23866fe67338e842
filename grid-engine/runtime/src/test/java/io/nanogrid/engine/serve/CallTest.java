package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One exchange answered exactly once, on a real JDK server on loopback. */
class CallTest {
    private static final byte[] GET = "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Serves one path with {@code answer}, which gets a fresh Call and returns what its send returned. */
    private static final class OneCallServer implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger answeredCount = new AtomicInteger();
        final CountDownLatch handled = new CountDownLatch(1);
        final CompletableFuture<Object> outcome = new CompletableFuture<>();

        OneCallServer(Function<Call, Boolean> answer) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/x", exchange -> {
                Call call = new Call(exchange, "/x", new ServeMetrics(), answeredCount::incrementAndGet);
                try {
                    outcome.complete(answer.apply(call));
                } catch (RuntimeException e) {
                    outcome.complete(e);
                } finally {
                    handled.countDown();
                }
            });
            server.start();
        }

        HttpResponse<String> get() throws IOException, InterruptedException {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x");
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void theFirstAnswerIsSentAndLaterOnesAreDropped() throws Exception {
        try (OneCallServer s = new OneCallServer(call -> {
            boolean first = call.json(200, "{\"a\": 1}");
            boolean second = call.error(500, "too late");
            return first && !second && call.answered();
        })) {
            HttpResponse<String> r = s.get();
            assertEquals(200, r.statusCode());
            assertEquals("{\"a\": 1}\n", r.body());
            assertTrue(s.handled.await(10, TimeUnit.SECONDS));
            assertEquals(Boolean.TRUE, s.outcome.get());
            assertEquals(1, s.answeredCount.get(), "onAnswered runs once, for the answer sent");
        }
    }

    @Test
    void aCounterThatThrowsStillClosesTheExchangeAndCountsItAnswered() throws Exception {
        try (OneCallServer s = new OneCallServer(call -> call.send(200, "text/plain", "never sent", Map.of(), () -> {
            throw new IllegalStateException("counter broke");
        }))) {
            // the exchange is closed with no answer: the client sees the connection end, not a hang (a raw
            // socket, since java.net.http would quietly retry the GET on a fresh connection)
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), s.server.getAddress().getPort())) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write(GET);
                assertEquals("", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
            assertTrue(s.handled.await(10, TimeUnit.SECONDS));
            Object outcome = s.outcome.get(10, TimeUnit.SECONDS);
            assertTrue(outcome instanceof IllegalStateException, "the counter's exception reaches the caller: "
                    + outcome);
            assertEquals(1, s.answeredCount.get(), "shutdown's drain must not wait for this call forever");
        }
    }

    @Test
    void aClientThatLeftIsNotAnError() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        try (OneCallServer s = new OneCallServer(call -> {
            try {
                clientGone.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return call.json(200, "{}".repeat(2_000_000)); // 4 MB: more than the socket buffers hold
        })) {
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), s.server.getAddress().getPort())) {
                client.getOutputStream().write(GET);
                client.getOutputStream().flush();
                client.setSoLinger(true, 0); // closing resets the connection: the server's writes fail
            }
            clientGone.countDown();
            assertTrue(s.handled.await(10, TimeUnit.SECONDS), "the answer to a reset connection does not block");
            assertEquals(Boolean.TRUE, s.outcome.get(), "sent (to nobody), with no exception: " + s.outcome.get());
            assertEquals(1, s.answeredCount.get());
        }
    }
}
