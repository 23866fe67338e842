package io.nanogrid.engine.serve;

import com.sun.net.httpserver.HttpExchange;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.runtime.ErrorText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP exchange, answered exactly once, from whichever thread gets there first (a worker, the
 * timeout timer, the I/O thread). Every call is counted from arrival to answer, which is what
 * shutdown waits for.
 */
final class Call {
    private final HttpExchange exchange;
    private final String endpoint;
    private final long arrivedNanos;
    private final ServeMetrics metrics;
    private final Runnable onAnswered;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile boolean bodyRead;

    Call(HttpExchange exchange, String endpoint, ServeMetrics metrics, Runnable onAnswered) {
        this.exchange = exchange;
        this.endpoint = endpoint;
        this.arrivedNanos = System.nanoTime();
        this.metrics = metrics;
        this.onAnswered = onAnswered;
    }

    HttpExchange exchange() {
        return exchange;
    }

    long arrivedNanos() {
        return arrivedNanos;
    }

    boolean answered() {
        return answered.get();
    }

    /** The whole request body has been read (so the connection can carry the next request). */
    void bodyRead() {
        bodyRead = true;
    }

    /** A body sent with the request and left unread (a refusal before reading it). */
    private boolean unreadBody() {
        if (bodyRead) {
            return false;
        }
        var h = exchange.getRequestHeaders();
        String length = h.getFirst("Content-Length");
        return h.containsKey("Transfer-Encoding") || (length != null && !length.strip().equals("0"));
    }

    /** Sends the answer unless one was sent already; true if this one was sent (or the client had gone). */
    boolean send(int code, String contentType, String body, Map<String, String> headers) {
        return send(code, contentType, body, headers, () -> { });
    }

    /**
     * As {@link #send(int, String, String, Map)}, running {@code count} first when this answer is the
     * one sent. Counters are updated before the answer is written: a client that reads the metrics
     * right after its answer must find its request counted.
     */
    boolean send(int code, String contentType, String body, Map<String, String> headers, Runnable count) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        try {
            metrics.http(endpoint, code);
            count.run();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            if (unreadBody()) {
                // the client may still be sending it: this connection cannot carry another request
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client went away; nothing to answer to
        } finally {
            exchange.close();
            onAnswered.run();
        }
        return true;
    }

    boolean json(int code, String json) {
        return json(code, json, () -> { });
    }

    boolean json(int code, String json, Runnable count) {
        return send(code, "application/json; charset=utf-8", json.endsWith("\n") ? json : json + "\n", Map.of(),
                count);
    }

    /** {"error": message} */
    boolean error(int code, String message) {
        return error(code, message, Map.of());
    }

    boolean error(int code, String message, Map<String, String> headers) {
        return error(code, message, headers, () -> { });
    }

    boolean error(int code, String message, Map<String, String> headers, Runnable count) {
        return send(code, "application/json; charset=utf-8", Json.report().toJson(Map.of("error", ErrorText.bound(message))) + "\n",
                headers, count);
    }
}
