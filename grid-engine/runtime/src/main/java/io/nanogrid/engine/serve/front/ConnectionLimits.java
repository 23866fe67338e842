package io.nanogrid.engine.serve.front;

/**
 * What the connection guard allows each client.
 *
 * @param maxConnections      client connections open at once; past that a new one is answered 503 and closed
 * @param readTimeoutMillis   a request's line and headers must arrive within this time of their first byte, and
 *                            its body within this time plus its size at {@code minBodyBytesPerSecond}; else 408
 * @param minBodyBytesPerSecond the slowest body upload allowed, on average
 * @param idleTimeoutMillis   a connection with no request and no traffic this long is closed
 * @param maxHeadBytes        the largest request line plus headers; larger is 431
 * @param maxRequestBytes     the largest body of a POST (and of any method but PUT); larger is 413
 * @param maxUploadBytes      the largest body of a PUT; larger is 413
 */
public record ConnectionLimits(int maxConnections, long readTimeoutMillis, long minBodyBytesPerSecond,
        long idleTimeoutMillis, int maxHeadBytes, long maxRequestBytes, long maxUploadBytes) {
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final long DEFAULT_READ_TIMEOUT_MILLIS = 10_000;
    public static final long DEFAULT_MIN_BODY_RATE = 256 * 1024;
    public static final long DEFAULT_IDLE_MILLIS = 60_000;
    public static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;

    public ConnectionLimits {
        if (maxConnections < 1 || readTimeoutMillis < 1 || minBodyBytesPerSecond < 1 || idleTimeoutMillis < 1
                || maxHeadBytes < 256 || maxRequestBytes < 1 || maxUploadBytes < 1) {
            throw new IllegalArgumentException("connection limits must be positive (and at least 256 header bytes)");
        }
    }

    /** The largest body allowed for a method. */
    long maxBody(String method) {
        return method.equals("PUT") ? maxUploadBytes : maxRequestBytes;
    }

    /** Nanoseconds a body of {@code bytes} may take to arrive. */
    long bodyNanos(long bytes) {
        return readTimeoutMillis * 1_000_000L + (long) (bytes * 1e9 / minBodyBytesPerSecond);
    }
}
