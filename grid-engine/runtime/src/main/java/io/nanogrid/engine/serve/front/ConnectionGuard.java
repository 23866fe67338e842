package io.nanogrid.engine.serve.front;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The listening socket of `nanogrid serve`, in front of the JDK's HTTP server (which listens on loopback
 * only). The JDK server reads each request's headers and body on one of its threads, so a few clients
 * sending a byte a second took /v1/health and /v1/route down. One selector thread here reads every
 * connection without blocking, and only a request that has fully arrived (its body too, up to 1 MiB)
 * goes on to the server: a slow client costs a buffer, not a thread. It also enforces per-request read
 * deadlines (408), a connection limit (503 at once), and answers a malformed request line or header, a
 * chunked or oversized body in the API's own form ({"error": ...}) instead of the JDK's HTML page or a
 * reset. Deadlines are read from an injected clock, so tests drive them by hand.
 */
public final class ConnectionGuard implements AutoCloseable {
    /** Connections past the limit that may linger while their 503 is read; past that they are just closed. */
    static final int REFUSING_ROOM = 64;

    private final ConnectionLimits limits;
    private final InetSocketAddress backend;
    private final LongSupplier clock;
    private final GuardListener listener;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey serverKey;
    private final Set<Connection> connections = new HashSet<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
    private final Thread thread;
    private volatile boolean stopAccepting;
    private volatile boolean closing;

    private ConnectionGuard(InetSocketAddress bind, int backlog, InetSocketAddress backend, ConnectionLimits limits,
            LongSupplier clock, GuardListener listener) throws IOException {
        this.limits = limits;
        this.backend = backend;
        this.clock = clock;
        this.listener = listener;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, backlog);
            server.configureBlocking(false);
            this.serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw e;
        }
        this.thread = new Thread(this::loop, "nanogrid-guard");
        thread.setDaemon(true);
    }

    /** Listens on {@code bind} and passes checked requests on to the HTTP server at {@code backend}. */
    public static ConnectionGuard start(InetSocketAddress bind, int backlog, InetSocketAddress backend,
            ConnectionLimits limits, LongSupplier nanoClock, GuardListener listener) throws IOException {
        ConnectionGuard g = new ConnectionGuard(bind, backlog, backend, limits, nanoClock, listener);
        g.thread.start();
        return g;
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /** Client connections open now. */
    public int openConnections() {
        return open.get();
    }

    /** Stops accepting new connections (the listening socket closes); open ones go on. */
    public void stopAccepting() {
        stopAccepting = true;
        selector.wakeup();
    }

    /** Checks the deadlines now (after a test moved its clock). */
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        closing = true;
        stopAccepting = true;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ConnectionLimits limits() {
        return limits;
    }

    Selector selector() {
        return selector;
    }

    InetSocketAddress backend() {
        return backend;
    }

    GuardListener listener() {
        return listener;
    }

    void removed(Connection c) {
        connections.remove(c);
        open.set(connections.size());
    }

    private void loop() {
        try {
            while (!closing) {
                selector.select(100);
                if (stopAccepting && server.isOpen()) {
                    serverKey.cancel();
                    server.close();
                }
                long now = clock.getAsLong();
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key, now);
                }
                selector.selectedKeys().clear();
                for (Connection c : new ArrayList<>(connections)) {
                    try {
                        c.checkDeadline(now);
                    } catch (IOException | CancelledKeyException e) {
                        c.close();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the selector failed: nothing more can be served through it; close below
        } finally {
            for (Connection c : new ArrayList<>(connections)) {
                c.close();
            }
            try {
                server.close();
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void handle(SelectionKey key, long now) {
        if (key == serverKey) {
            accept(now);
            return;
        }
        Connection.End end = (Connection.End) key.attachment();
        Connection c = end.connection();
        try {
            if (!key.isValid()) {
                return;
            }
            if (end.client()) {
                if (key.isWritable()) {
                    c.clientWritable(now);
                }
                if (key.isValid() && key.isReadable()) {
                    c.clientReadable(scratch, now);
                }
            } else {
                if (key.isConnectable()) {
                    c.backendConnectable();
                }
                if (key.isValid() && key.isWritable()) {
                    c.backendWritable(now);
                }
                if (key.isValid() && key.isReadable()) {
                    c.backendReadable(scratch, now);
                }
            }
        } catch (IOException | CancelledKeyException e) {
            c.close();
        }
    }

    private void accept(long now) {
        for (;;) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return; // too many open files, for one: the next round tries again
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (connections.size() >= limits.maxConnections() + REFUSING_ROOM) {
                    listener.refused(null, 503);
                    channel.close();
                    continue;
                }
                Connection c = new Connection(this, channel, now);
                connections.add(c);
                open.set(connections.size());
                if (connections.size() > limits.maxConnections()) {
                    c.refuse(new Refusal(503, "too many connections: " + limits.maxConnections() + " are open; "
                            + "retry later", null), now);
                }
            } catch (IOException e) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // gone
                }
            }
        }
    }
}
