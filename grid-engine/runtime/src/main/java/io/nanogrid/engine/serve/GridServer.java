package io.nanogrid.engine.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.serve.front.ConnectionGuard;
import io.nanogrid.engine.serve.front.ConnectionLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * `nanogrid serve`: a bundle's grid behind a small HTTP JSON API.
 *
 * <pre>
 * POST /v1/route          {"text": "..."} or {"tensor": {...}} -> the JSON of `nanogrid run --json`
 * GET  /v1/health         status and every expert's state
 * GET  /v1/metrics        Prometheus text format
 * PUT  /v1/bundle         a new .ngrid, verified and swapped in atomically
 * PUT  /v1/experts/{id}   a new .onnx for one expert, swapped in atomically
 * PUT  /v1/faults/{id}    {"kind": "throw" | "delay" (with "ms") | "off" | "none"}: a fault drill
 * </pre>
 *
 * The HTTP server is the JDK's own (module jdk.httpserver): it needs no dependency, and with our own
 * executors it gives what is needed here: bounded workers with a bounded queue (429 when full), a
 * timer for per-request timeouts, and a drain on shutdown. Requests are answered asynchronously by
 * the workers; the server's I/O threads only read and parse.
 */
public final class GridServer implements AutoCloseable {
    static final Pattern EXPERT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    static final String EXPERTS = "/v1/experts/";
    static final List<String> ENDPOINTS = List.of("POST /v1/route", "GET /v1/health", "GET /v1/metrics",
            "PUT /v1/bundle", "PUT /v1/experts/{id}", "PUT /v1/faults/{id}");

    /** Seconds a client has to send its request and to receive the answer's headers (uploads included). */
    static final String MAX_REQUEST_SECONDS = "60";

    static {
        // Settings of the JDK's server, read once when its classes load; values the user set are kept.
        // The server writes the status line and headers, then the body: without TCP_NODELAY, Nagle's
        // algorithm holds the body back until the client's delayed ACK (40 ms on Linux) for every answer.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // Without a limit, a client that sends headers and then stalls its body holds an I/O thread for
        // ever, and a few of them stop the server (tried: /v1/health no longer answered).
        setIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.maxRspTime", MAX_REQUEST_SECONDS);
        // Behind the guard every client connection has its own connection to the server: the server must not
        // close one as idle before the guard does (a request sent at that moment would be lost), nor close
        // connections past its idle pool's size (200 by default).
        setIfAbsent("sun.net.httpserver.idleInterval", Long.toString(ConnectionLimits.DEFAULT_IDLE_MILLIS / 1000 * 10));
        setIfAbsent("sun.net.httpserver.maxIdleConnections", "100000");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private final ServeSettings settings;
    private final PrintWriter log;
    private final LiveGrid live;
    private final HttpServer http;
    /** In front of the HTTP server for plain HTTP (null with TLS, where the JDK server listens itself). */
    private final ConnectionGuard guard;
    private final ThreadPoolExecutor io;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;
    private final ServeMetrics metrics = new ServeMetrics();
    private final AtomicInteger open = new AtomicInteger();
    private final RouteEndpoint route;
    private final UpdateEndpoints updates;
    private final FaultEndpoint faults;
    private final BundleUpdate first;
    private final long startedNanos = System.nanoTime();
    private volatile boolean draining;
    private boolean closed;

    private GridServer(ServeSettings settings, Deployer deployer, Generation generation, long bundleBytes, long t0,
            PrintWriter log, LongSupplier guardClock) throws IOException {
        this.settings = settings;
        this.log = log;
        this.live = new LiveGrid(generation);
        this.first = Updates.summary(generation, bundleBytes, t0);
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queue()), daemons("nanogrid-worker"));
        // I/O threads only read, parse and hand over, but a slow client holds one while it sends
        int ioThreads = Math.min(64, Math.max(8, 2 * settings.workers()));
        this.io = new ThreadPoolExecutor(ioThreads, ioThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(10_000), daemons("nanogrid-http"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemons("nanogrid-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.route = new RouteEndpoint(live, workers, timer, settings, metrics, () -> draining, log);
        this.updates = new UpdateEndpoints(new Updates(deployer, live), deployer, settings, metrics, () -> draining,
                log);
        this.faults = new FaultEndpoint(live, new UpdateAuth(settings), log);
        InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
        if (settings.tls() != null) {
            HttpsServer https = HttpsServer.create(address, 128);
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls()));
            this.http = https;
        } else {
            // the JDK server listens on loopback only; clients reach it through the guard
            this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        }
        http.setExecutor(io);
        http.createContext("/", this::dispatch);
        http.start();
        if (settings.tls() != null) {
            this.guard = null;
            return;
        }
        try {
            this.guard = ConnectionGuard.start(address, 1024, http.getAddress(), settings.connectionLimits(),
                    guardClock, (path, code) -> metrics.http(path != null ? endpoint(path) : "other", code));
        } catch (IOException | RuntimeException e) {
            http.stop(0);
            throw e;
        }
    }

    /**
     * Verifies and opens {@code bundle} (refused with a BadInputException, as `nanogrid verify` would),
     * then listens. Bundles are unpacked into {@code workDir}, which must exist; the server deletes what
     * it unpacked there when each generation closes.
     */
    public static GridServer start(Path bundle, ServeSettings settings, ModelLoader loader, BundleLimits limits,
            Path workDir, PrintWriter log) throws IOException {
        return start(bundle, settings, loader, limits, workDir, log, System::nanoTime);
    }

    /** As {@link #start(Path, ServeSettings, ModelLoader, BundleLimits, Path, PrintWriter)}, with the clock
     * (nanoseconds) the connection guard times its deadlines by: tests drive it by hand. */
    static GridServer start(Path bundle, ServeSettings settings, ModelLoader loader, BundleLimits limits,
            Path workDir, PrintWriter log, LongSupplier guardClock) throws IOException {
        long t0 = System.nanoTime();
        Deployer deployer = new Deployer(loader, limits, workDir);
        Generation g = deployer.deploy(bundle);
        try {
            return new GridServer(settings, deployer, g, Files.size(bundle), t0, log, guardClock);
        } catch (IOException | RuntimeException e) {
            g.release();
            throw e;
        }
    }

    /** The port listened on (the one picked when the settings said 0). */
    public int port() {
        return guard != null ? guard.port() : http.getAddress().getPort();
    }

    /** The connection guard (null with TLS). */
    ConnectionGuard guard() {
        return guard;
    }

    public URI uri() {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        return URI.create((settings.tls() != null ? "https://" : "http://") + host + ":" + port());
    }

    /** The bundle the server started with. */
    public BundleUpdate first() {
        return first;
    }

    private void dispatch(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        String endpoint = endpoint(path);
        open.incrementAndGet();
        Call call = new Call(ex, endpoint, metrics, open::decrementAndGet);
        try {
            switch (endpoint) {
                case "/v1/route" -> {
                    if (allow(call, method, "POST")) {
                        route.handle(call);
                    }
                }
                case "/v1/health" -> {
                    if (allow(call, method, "GET")) {
                        Health h = health();
                        call.json(h.status().equals("draining") ? 503 : 200, Json.report().toJson(h));
                    }
                }
                case "/v1/metrics" -> {
                    if (allow(call, method, "GET")) {
                        call.send(200, PrometheusText.CONTENT_TYPE, metrics.render(gauges()), Map.of());
                    }
                }
                case "/v1/bundle" -> {
                    if (allow(call, method, "PUT")) {
                        updates.bundle(call);
                    }
                }
                case EXPERTS + "{id}" -> {
                    if (allow(call, method, "PUT")) {
                        updates.expert(call, path.substring(EXPERTS.length()));
                    }
                }
                case FaultEndpoint.PREFIX + "{id}" -> {
                    if (allow(call, method, "PUT")) {
                        faults.handle(call, path.substring(FaultEndpoint.PREFIX.length()));
                    }
                }
                default -> call.error(404, "no endpoint " + method + " " + path + "; expected one of " + ENDPOINTS);
            }
        } catch (IOException e) {
            // the client went away or was too slow (the server closed its connection): no one to answer
            if (!call.answered()) {
                call.error(400, "the request could not be read: " + e);
            }
        } catch (RuntimeException e) {
            if (!call.answered()) {
                log.println("nanogrid: internal error on " + method + " " + path + ": " + e);
                log.flush();
                call.error(500, "internal error: " + e.getMessage());
            }
        }
        // a routed request is answered later, by a worker or the timeout timer
    }

    /** The path as a metrics label: the endpoint's pattern, never a raw path. */
    static String endpoint(String path) {
        return switch (path) {
            case "/v1/route", "/v1/health", "/v1/metrics", "/v1/bundle" -> path;
            default -> path.startsWith(EXPERTS) && EXPERT_ID.matcher(path.substring(EXPERTS.length())).matches()
                    ? EXPERTS + "{id}"
                    : path.startsWith(FaultEndpoint.PREFIX)
                            && EXPERT_ID.matcher(path.substring(FaultEndpoint.PREFIX.length())).matches()
                            ? FaultEndpoint.PREFIX + "{id}" : "other";
        };
    }

    private static boolean allow(Call call, String method, String allowed) {
        if (method.equals(allowed)) {
            return true;
        }
        call.error(405, "method " + method + " is not allowed here; use " + allowed, Map.of("Allow", allowed));
        return false;
    }

    Health health() {
        try (LiveGrid.Lease lease = live.acquire()) {
            Generation g = lease.generation();
            var experts = g.status();
            String status = draining ? "draining"
                    : experts.stream().allMatch(e -> e.state().equals("ok")) ? "ok" : "degraded";
            return new Health(status, g.grid().spec().name(), g.number(), g.manifest().createdBy(), g.bundleSha256(),
                    Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0, settings.workers(),
                    workers.getQueue().size(), settings.queue(), route.inFlight(), experts, g.modelSha256(),
                    Runtime.getRuntime().maxMemory());
        }
    }

    private ServeMetrics.Gauges gauges() {
        try (LiveGrid.Lease lease = live.acquire()) {
            Generation g = lease.generation();
            return new ServeMetrics.Gauges(workers.getQueue().size(), settings.queue(), route.inFlight(),
                    settings.workers(), g.number(), g.grid().spec().name(), g.status(), draining, g.bundleSha256(),
                    g.modelSha256(), guard != null ? guard.openConnections() : -1);
        }
    }

    /**
     * Graceful shutdown: new requests are refused (503) and the listening socket closes; requests in
     * flight finish, up to the drain deadline; then the workers stop and the grid closes (once the last
     * request returns its lease). Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draining = true;
        if (guard != null) {
            guard.stopAccepting();
        }
        long deadline = System.nanoTime() + settings.drainSeconds() * 1_000_000_000L;
        if (open.get() == 0) {
            http.stop(0);
        } else {
            // JDK 17's stop(n) returns when the last exchange ends, but waits all n seconds when none is open:
            // it runs on its own thread and the drain below waits for our own count instead.
            Thread stopper = new Thread(() -> http.stop(settings.drainSeconds()), "nanogrid-http-stop");
            stopper.setDaemon(true);
            stopper.start();
            while (open.get() > 0 && System.nanoTime() < deadline && sleep(5)) {
                // draining
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        timer.shutdownNow();
        io.shutdown();
        if (guard != null) {
            guard.close();
        }
        live.close();
        if (open.get() > 0) {
            log.println("nanogrid: " + open.get() + " request(s) still open at the drain deadline");
            log.flush();
        }
    }

    /** Requests received and not yet answered. */
    int open() {
        return open.get();
    }

    /** Requests a worker is routing now (admitted: shutting down no longer refuses them). */
    int routing() {
        return route.inFlight();
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ThreadFactory daemons(String name) {
        ThreadFactory base = Executors.defaultThreadFactory();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
