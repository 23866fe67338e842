package io.nanogrid.engine.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's com.sun.net.httpserver) serving a folder, e.g.
 * ../shared/data, as a data mirror. Counts requests, and can corrupt what it serves.
 */
public final class MirrorServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile UnaryOperator<byte[]> transform = UnaryOperator.identity();

    private MirrorServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static MirrorServer serving(Path root) {
        try {
            return new MirrorServer(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves every file with one byte flipped in the middle. */
    public MirrorServer corrupting() {
        transform = bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length / 2] ^= 0x5A;
            return copy;
        };
        return this;
    }

    /** Serves every file with extra bytes after it. */
    public MirrorServer oversized() {
        transform = bytes -> {
            byte[] copy = Arrays.copyOf(bytes, bytes.length + 100_000);
            return copy;
        };
        return this;
    }

    /** The base URL, ending in '/'. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            String rel = ex.getRequestURI().getPath().replaceFirst("^/+", "");
            Path file = root.resolve(rel).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = transform.apply(Files.readAllBytes(file));
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            } catch (IOException clientWentAway) {
                // the client may stop reading (size cap, cancellation); nothing to do
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
