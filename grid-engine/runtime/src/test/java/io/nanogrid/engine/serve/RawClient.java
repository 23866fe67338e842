package io.nanogrid.engine.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A raw TCP client for what an HTTP client library will not send: slow, malformed or oversized requests. */
final class RawClient implements AutoCloseable {
    /** A safety net for a broken server: far from any answer the tests wait for (milliseconds). */
    static final int READ_LIMIT_MS = 60_000;

    private final Socket socket;

    RawClient(URI server) {
        try {
            socket = new Socket(server.getHost(), server.getPort());
            socket.setSoTimeout(READ_LIMIT_MS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Everything the server sends until it closes the connection. */
    String readToEnd() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = socket.getInputStream()) {
            in.transferTo(out);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed in " + READ_LIMIT_MS + " ms: " + out);
        } catch (IOException e) {
            // a reset after the answer: what arrived is the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
    }
}
