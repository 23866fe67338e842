package io.nanogrid.engine.serve;

import io.nanogrid.engine.serve.front.ConnectionLimits;
import javax.net.ssl.SSLContext;

/**
 * How `nanogrid serve` runs.
 *
 * @param bind            the address to listen on (127.0.0.1 by default: loopback only)
 * @param port            the port; 0 picks a free one
 * @param workers         threads that route requests (each runs one request at a time)
 * @param queue           requests that may wait for a worker; past that the answer is 429
 * @param timeoutMillis   a request not answered this long after it arrived is answered 504
 * @param maxRequestBytes the largest POST /v1/route body; larger is 413
 * @param maxUploadBytes  the largest PUT /v1/bundle or /v1/experts/{id} body; larger is 413
 * @param drainSeconds    on shutdown, how long requests in flight may take to finish
 * @param updateToken     when not null, PUT requests need "Authorization: Bearer TOKEN"
 * @param openUpdates     without a token, accept updates from anyone who reaches the port (loopback only:
 *                        `--allow-unauthenticated-updates`); with neither, every update is refused (403)
 * @param tls             when not null, the server speaks HTTPS with this context's key and certificate
 * @param maxConnections  client connections open at once; a new one past that is answered 503 and closed
 * @param readTimeoutMillis a request's line and headers must arrive within this time of their first byte, its
 *                        body within this time plus its size at 256 KiB/s; else 408 (plain HTTP: the guard)
 */
public record ServeSettings(String bind, int port, int workers, int queue, long timeoutMillis, long maxRequestBytes,
        long maxUploadBytes, int drainSeconds, String updateToken, boolean openUpdates, SSLContext tls,
        int maxConnections, long readTimeoutMillis) {
    public static final long MIB = 1024L * 1024;

    public ServeSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (workers < 1 || queue < 1) {
            throw new IllegalArgumentException("workers and queue must be >= 1, got " + workers + " and " + queue);
        }
        if (timeoutMillis < 1 || maxRequestBytes < 1 || maxUploadBytes < 1 || drainSeconds < 0) {
            throw new IllegalArgumentException("timeout and sizes must be positive, the drain time not negative");
        }
        if (maxConnections < 1 || readTimeoutMillis < 1) {
            throw new IllegalArgumentException("the connection limit and the read timeout must be >= 1, got "
                    + maxConnections + " and " + readTimeoutMillis);
        }
        if (openUpdates && !isLoopback(bind)) {
            throw new IllegalArgumentException("--allow-unauthenticated-updates is only for a loopback address "
                    + "(127.0.0.1, ::1, localhost), not " + bind + ": give an --update-token-file instead");
        }
    }

    /** Whether {@code bind} is this machine only (127.x.x.x, ::1, localhost). */
    public static boolean isLoopback(String bind) {
        return bind.startsWith("127.") || bind.equals("::1") || bind.equals("[::1]") || bind.equals("localhost");
    }

    /** Whether PUT requests can be accepted at all (a token is set, or open updates were asked for). */
    public boolean updatesEnabled() {
        return updateToken != null || openUpdates;
    }

    /**
     * Loopback port 8080; one worker per core (ONNX Runtime runs each request on its caller's thread);
     * 64 waiting; 5 s per request; 1 MiB requests; 512 MiB uploads; 10 s to drain; no token, so no updates.
     */
    public static ServeSettings defaults() {
        return new ServeSettings("127.0.0.1", 8080, Runtime.getRuntime().availableProcessors(), 64, 5_000, MIB,
                512 * MIB, 10, null, false, null, ConnectionLimits.DEFAULT_MAX_CONNECTIONS,
                ConnectionLimits.DEFAULT_READ_TIMEOUT_MILLIS);
    }

    public ServeSettings withPort(int p) {
        return new ServeSettings(bind, p, workers, queue, timeoutMillis, maxRequestBytes, maxUploadBytes,
                drainSeconds, updateToken, openUpdates, tls, maxConnections,
                readTimeoutMillis);
    }

    public ServeSettings withWorkers(int w, int q) {
        return new ServeSettings(bind, port, w, q, timeoutMillis, maxRequestBytes, maxUploadBytes, drainSeconds,
                updateToken, openUpdates, tls, maxConnections,
                readTimeoutMillis);
    }

    public ServeSettings withTimeoutMillis(long t) {
        return new ServeSettings(bind, port, workers, queue, t, maxRequestBytes, maxUploadBytes, drainSeconds,
                updateToken, openUpdates, tls, maxConnections,
                readTimeoutMillis);
    }

    public ServeSettings withLimits(long request, long upload) {
        return new ServeSettings(bind, port, workers, queue, timeoutMillis, request, upload, drainSeconds,
                updateToken, openUpdates, tls, maxConnections,
                readTimeoutMillis);
    }

    public ServeSettings withDrainSeconds(int s) {
        return new ServeSettings(bind, port, workers, queue, timeoutMillis, maxRequestBytes, maxUploadBytes, s,
                updateToken, openUpdates, tls, maxConnections,
                readTimeoutMillis);
    }

    public ServeSettings withTls(SSLContext context) {
        return new ServeSettings(bind, port, workers, queue, timeoutMillis, maxRequestBytes, maxUploadBytes,
                drainSeconds, updateToken, openUpdates, context, maxConnections,
                readTimeoutMillis);
    }

    public ServeSettings withUpdateToken(String token) {
        return new ServeSettings(bind, port, workers, queue, timeoutMillis, maxRequestBytes, maxUploadBytes,
                drainSeconds, token, openUpdates, tls, maxConnections,
                readTimeoutMillis);
    }

    public ServeSettings withOpenUpdates(boolean open) {
        return new ServeSettings(bind, port, workers, queue, timeoutMillis, maxRequestBytes, maxUploadBytes,
                drainSeconds, updateToken, open, tls, maxConnections,
                readTimeoutMillis);
    }

    public ServeSettings withConnections(int max, long readTimeout) {
        return new ServeSettings(bind, port, workers, queue, timeoutMillis, maxRequestBytes, maxUploadBytes,
                drainSeconds, updateToken, openUpdates, tls, max, readTimeout);
    }

    /** What the connection guard allows each client. */
    public ConnectionLimits connectionLimits() {
        return new ConnectionLimits(maxConnections, readTimeoutMillis, ConnectionLimits.DEFAULT_MIN_BODY_RATE,
                ConnectionLimits.DEFAULT_IDLE_MILLIS, ConnectionLimits.DEFAULT_MAX_HEAD_BYTES, maxRequestBytes,
                maxUploadBytes);
    }
}
