package io.nanogrid.engine.serve.front;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One client connection through the guard, driven by the guard's selector thread only. Each request's
 * line and headers are read and checked here; a body up to {@link #BUFFERED_BODY} is read whole before the
 * request goes on to the HTTP server, so that a slow client never holds one of the server's threads; a
 * larger body (an upload) is passed on as it comes, within its deadline. Answers come back unchanged.
 */
final class Connection {
    enum Phase { HEAD, BODY_BUFFERED, BODY_STREAMED, REFUSED }

    /** Bodies up to this size are read whole before the request goes on. */
    static final int BUFFERED_BODY = 1 << 20;
    /** Bytes waiting to be written one way before the guard stops reading the other end. */
    static final long PENDING_MAX = 1 << 20;
    /** How long a refused client may take to read its answer while what it still sends is discarded. */
    static final long LINGER_NANOS = 2_000_000_000L;

    /** Which end a selection key is for. */
    record End(Connection connection, boolean client) {
    }

    private final ConnectionGuard guard;
    private final ConnectionLimits limits;
    private final SocketChannel client;
    private final SelectionKey clientKey;
    private SocketChannel backend;
    private SelectionKey backendKey;
    private boolean backendConnected;
    private final byte[] head;
    private int headLength;
    private Phase phase = Phase.HEAD;
    private long deadline = Long.MAX_VALUE;
    private long lastActivity;
    private RequestHead request;
    private long bodyRemaining;
    private ByteBuffer body;
    private final ArrayDeque<ByteBuffer> toBackend = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> toClient = new ArrayDeque<>();
    private long toBackendBytes;
    private long toClientBytes;
    private boolean clientEof;
    private boolean backendEof;
    private boolean clientOutputShut;
    private boolean closed;

    Connection(ConnectionGuard guard, SocketChannel client, long now) throws IOException {
        this.guard = guard;
        this.limits = guard.limits();
        this.client = client;
        this.head = new byte[limits.maxHeadBytes()];
        this.lastActivity = now;
        this.clientKey = client.register(guard.selector(), SelectionKey.OP_READ, new End(this, true));
    }

    boolean refused() {
        return phase == Phase.REFUSED;
    }

    // ---- events from the selector

    void clientReadable(ByteBuffer scratch, long now) throws IOException {
        scratch.clear();
        int n = client.read(scratch);
        if (n < 0) {
            clientEnded();
            return;
        }
        lastActivity = now;
        scratch.flip();
        while (scratch.hasRemaining() && !closed) {
            switch (phase) {
                case HEAD -> readHead(scratch, now);
                case BODY_BUFFERED -> readBufferedBody(scratch);
                case BODY_STREAMED -> readStreamedBody(scratch);
                case REFUSED -> scratch.position(scratch.limit()); // discarded: the answer is on its way
            }
        }
        update();
    }

    void backendReadable(ByteBuffer scratch, long now) throws IOException {
        scratch.clear();
        int n = backend.read(scratch);
        if (n < 0) {
            backendEof = true;
            if (toClient.isEmpty()) {
                close();
            } else {
                update();
            }
            return;
        }
        lastActivity = now;
        scratch.flip();
        ByteBuffer copy = ByteBuffer.allocate(scratch.remaining());
        copy.put(scratch).flip();
        toClient.add(copy);
        toClientBytes += copy.remaining();
        writeClient();
    }

    void backendConnectable() throws IOException {
        if (backend.finishConnect()) {
            backendConnected = true;
            writeBackend();
        }
    }

    void clientWritable(long now) throws IOException {
        lastActivity = now;
        writeClient();
    }

    void backendWritable(long now) throws IOException {
        lastActivity = now;
        writeBackend();
    }

    /** Acts on a passed deadline: 408 for a request not received in time, a quiet close for an idle connection. */
    void checkDeadline(long now) throws IOException {
        if (closed) {
            return;
        }
        if (phase == Phase.HEAD && headLength == 0) {
            if (now - lastActivity > limits.idleTimeoutMillis() * 1_000_000L && toClient.isEmpty()) {
                close();
            }
        } else if (now - deadline > 0) {
            switch (phase) {
                case REFUSED, BODY_STREAMED -> close();
                case HEAD -> refuse(new Refusal(408, "the request's line and headers did not arrive within "
                        + limits.readTimeoutMillis() + " ms", null), now);
                default -> refuse(new Refusal(408, "the request's body (" + request.contentLength() + " bytes) did "
                        + "not arrive in time (" + limits.readTimeoutMillis() + " ms plus "
                        + limits.minBodyBytesPerSecond() + " bytes per second)", request.path()), now);
            }
        }
    }

    // ---- requests

    private void readHead(ByteBuffer data, long now) throws IOException {
        if (headLength == 0) {
            deadline = now + limits.readTimeoutMillis() * 1_000_000L;
        }
        int n = Math.min(data.remaining(), head.length - headLength);
        int from = Math.max(0, headLength - 3);
        data.get(head, headLength, n);
        headLength += n;
        int end = endOfHead(from);
        if (end < 0) {
            if (headLength == head.length) {
                refuse(new Refusal(431, "the request's line and headers are larger than " + head.length + " bytes",
                        null), now);
            }
            return;
        }
        // the bytes after the blank line belong to the body or the next request: give them back
        data.position(data.position() - (headLength - end));
        headLength = 0;
        try {
            request = RequestHead.parse(head, end, limits);
        } catch (Refusal r) {
            refuse(r, now);
            return;
        }
        long length = request.contentLength();
        if (length == 0) {
            toBackend(ByteBuffer.wrap(head, 0, end).slice(), true);
            nextRequest();
        } else if (length <= BUFFERED_BODY) {
            body = ByteBuffer.allocate(end + (int) length);
            body.put(head, 0, end);
            bodyRemaining = length;
            phase = Phase.BODY_BUFFERED;
            deadline = now + limits.bodyNanos(length);
        } else {
            toBackend(ByteBuffer.wrap(head, 0, end).slice(), true);
            bodyRemaining = length;
            phase = Phase.BODY_STREAMED;
            deadline = now + limits.bodyNanos(length);
        }
    }

    private int endOfHead(int from) {
        for (int i = from; i + 3 < headLength; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private void readBufferedBody(ByteBuffer data) throws IOException {
        int n = (int) Math.min(data.remaining(), bodyRemaining);
        body.put(data.array(), data.arrayOffset() + data.position(), n);
        data.position(data.position() + n);
        bodyRemaining -= n;
        if (bodyRemaining == 0) {
            body.flip();
            toBackend(body, false);
            body = null;
            nextRequest();
        }
    }

    private void readStreamedBody(ByteBuffer data) throws IOException {
        int n = (int) Math.min(data.remaining(), bodyRemaining);
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(data.array(), data.arrayOffset() + data.position(), n).flip();
        data.position(data.position() + n);
        toBackend(copy, false);
        bodyRemaining -= n;
        if (bodyRemaining == 0) {
            nextRequest();
        }
    }

    private void nextRequest() {
        phase = Phase.HEAD;
        request = null;
        deadline = Long.MAX_VALUE;
    }

    /** Answers the client with the refusal, stops passing anything on, and closes once it is sent. */
    void refuse(Refusal r, long now) throws IOException {
        guard.listener().refused(r.target(), r.code());
        phase = Phase.REFUSED;
        deadline = now + LINGER_NANOS;
        closeBackend();
        ByteBuffer answer = ByteBuffer.wrap(Refusals.answer(r.code(), r.getMessage()));
        toClient.add(answer);
        toClientBytes += answer.remaining();
        writeClient();
    }

    // ---- writing

    private void toBackend(ByteBuffer bytes, boolean copy) throws IOException {
        ByteBuffer b = bytes;
        if (copy) {
            b = ByteBuffer.allocate(bytes.remaining());
            b.put(bytes).flip();
        }
        toBackend.add(b);
        toBackendBytes += b.remaining();
        if (backend == null) {
            backend = SocketChannel.open();
            backend.configureBlocking(false);
            backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
            backendConnected = backend.connect(guard.backend());
            backendKey = backend.register(guard.selector(), backendConnected ? SelectionKey.OP_READ
                    : SelectionKey.OP_CONNECT, new End(this, false));
        }
        if (backendConnected) {
            writeBackend();
        }
    }

    private void writeBackend() throws IOException {
        while (!toBackend.isEmpty()) {
            ByteBuffer b = toBackend.peek();
            int n = backend.write(b);
            toBackendBytes -= n;
            if (b.hasRemaining()) {
                break;
            }
            toBackend.poll();
        }
        if (clientEof && toBackend.isEmpty() && backend.isOpen()) {
            backend.shutdownOutput();
        }
        update();
    }

    private void writeClient() throws IOException {
        while (!toClient.isEmpty()) {
            ByteBuffer b = toClient.peek();
            int n = client.write(b);
            toClientBytes -= n;
            if (b.hasRemaining()) {
                break;
            }
            toClient.poll();
        }
        if (toClient.isEmpty()) {
            if (backendEof) {
                close();
                return;
            }
            if (phase == Phase.REFUSED && !clientOutputShut) {
                clientOutputShut = true;
                client.shutdownOutput();
            }
        }
        update();
    }

    private void clientEnded() throws IOException {
        clientEof = true;
        if (phase != Phase.HEAD || headLength > 0 || backend == null) {
            close(); // nothing more to answer: refused, or a request cut short, or none sent
            return;
        }
        if (toBackend.isEmpty()) {
            backend.shutdownOutput(); // the server answers what it has, then closes its end, and so do we
        }
        update();
    }

    /** Which events each end waits for now. */
    private void update() {
        if (closed) {
            return;
        }
        boolean readClient = !clientEof && (phase == Phase.REFUSED || toBackendBytes < PENDING_MAX);
        clientKey.interestOps((readClient ? SelectionKey.OP_READ : 0)
                | (toClient.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        if (backendKey != null && backendKey.isValid()) {
            if (!backendConnected) {
                backendKey.interestOps(SelectionKey.OP_CONNECT);
            } else {
                boolean readBackend = !backendEof && toClientBytes < PENDING_MAX;
                backendKey.interestOps((readBackend ? SelectionKey.OP_READ : 0)
                        | (toBackend.isEmpty() ? 0 : SelectionKey.OP_WRITE));
            }
        }
    }

    private void closeBackend() {
        if (backend != null) {
            if (backendKey != null) {
                backendKey.cancel();
            }
            quietly(backend);
            backendKey = null;
            toBackend.clear();
            toBackendBytes = 0;
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        clientKey.cancel();
        quietly(client);
        closeBackend();
        guard.removed(this);
    }

    private static void quietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
