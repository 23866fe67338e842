import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load-and-fault soak of `nanogrid serve`, kept with the project and run outside the unit tests (bounded,
 * on 127.0.0.1, stops by itself): the device jar serves a bundle while clients send requests at several
 * concurrencies, with expert swaps, bundle swaps, faults injected and cleared over HTTP, slow clients that
 * send a byte a second, and a SIGTERM at the end. Prints answered / by code / lost / p50 / p99 / the
 * server's RSS, and health's answer time in each phase; exits 1 if a request was lost (no HTTP answer
 * before the SIGTERM) or the server did not stop cleanly.
 *
 * <pre>
 * ./mvnw -o package -DskipTests               # the device jar, packaging/target/nanogrid-device-linux-x64.jar
 * packaging/soak/soak.sh [REQUESTS]            # exports the sample grid twice and runs this (1,000,000 by default)
 * java packaging/soak/ServeSoak.java JAR A.ngrid B.ngrid EXPERT MODEL.onnx [REQUESTS] [TEXT...]
 * </pre>
 *
 * One file, JDK only (run as a source file), so that it needs no class path and tests the jar as a device runs it.
 */
public final class ServeSoak {
    record Phase(int concurrency, long requests, int slowClients) {
    }

    /** What one phase measured. */
    static final class PhaseResult {
        final Phase phase;
        final Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
        final LongAdder lost = new LongAdder();
        final List<long[]> latencies = new ArrayList<>();
        final List<Long> health = new ArrayList<>();
        double seconds;

        PhaseResult(Phase phase) {
            this.phase = phase;
        }
    }

    static final List<String> DEFAULT_TEXTS = List.of("Je voudrais réserver une table pour deux ce soir",
            "an absorbing and unsettling psychological drama", "WIN a FREE prize, text 80086 now to claim",
            "Stocks rallied after the central bank held interest rates steady", "play some jazz on spotify",
            "Wie wird das Wetter morgen in Berlin?", "the plot is thin and the acting is worse",
            "Sorry, I'll call you later, in a meeting", "hello, good morning", "will it rain tomorrow?");

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String token;
    private final List<String> bodies;
    private final List<String> errors = new ArrayList<>();
    private final AtomicLong rssMax = new AtomicLong();
    private final AtomicLong rssLast = new AtomicLong();
    private final AtomicLong launcherRss = new AtomicLong();
    private final Map<String, LongAdder> admin = new ConcurrentHashMap<>();
    private volatile PhaseResult current;

    ServeSoak(URI base, String token, List<String> texts) {
        this.base = base;
        this.token = token;
        this.bodies = texts.stream().map(t -> "{\"text\": \"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .toList();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: java ServeSoak.java JAR A.ngrid B.ngrid EXPERT MODEL.onnx [REQUESTS] [TEXT...]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path a = Path.of(args[1]);
        Path b = Path.of(args[2]);
        String expert = args[3];
        Path model = Path.of(args[4]);
        long total = args.length > 5 ? Long.parseLong(args[5]) : 1_000_000;
        List<String> texts = args.length > 6 ? List.of(args).subList(6, args.length) : DEFAULT_TEXTS;
        Path dir = Files.createTempDirectory("nanogrid-soak-");
        String token = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dir.toString()
                .getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        Path tokenFile = Files.writeString(dir.resolve("token"), token);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        Path work = Files.createDirectories(dir.resolve("work"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", a.toString(), "--port", "0", "--work-dir", work.toString(),
                "--update-token-file", tokenFile.toString(), "--drain-seconds", "10"));
        Process server = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        URI base = null;
        for (String line; base == null && (line = out.readLine()) != null; ) {
            System.out.println(line);
            Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)$").matcher(line);
            if (m.find()) {
                base = URI.create(m.group(1));
            }
        }
        if (base == null) {
            System.err.println("the server did not start: " + Files.readString(dir.resolve("err.txt")));
            System.exit(1);
        }
        Thread drain = new Thread(() -> out.lines().forEach(System.out::println), "server-out");
        drain.setDaemon(true);
        drain.start();
        ServeSoak soak = new ServeSoak(base, token, texts);
        List<Phase> phases = List.of(new Phase(4, total / 4, 8), new Phase(16, total / 4, 64),
                new Phase(64, total / 4, 0), new Phase(16, total - 3 * (total / 4), 512));
        int exit = soak.run(server, phases, a, b, expert, model);
        System.out.println(Files.readString(dir.resolve("err.txt")).lines().filter(l -> l.contains("stopp"))
                .reduce("", (x, y) -> x + y + "\n").strip());
        try (var left = Files.list(work)) {
            long n = left.count();
            System.out.println("work folder after the stop: " + n + " entries" + (n == 0 ? "" : " (LEFT BEHIND)"));
            exit = n == 0 ? exit : 1;
        }
        System.exit(exit);
    }

    int run(Process server, List<Phase> phases, Path a, Path b, String expert, Path model) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> background = List.of(
                daemon("rss", () -> sampleRss(server, stop)),
                daemon("health", () -> probeHealth(stop)),
                daemon("admin", () -> administer(stop, a, b, expert, model)));
        background.forEach(Thread::start);
        List<PhaseResult> results = new ArrayList<>();
        for (Phase p : phases) {
            results.add(runPhase(p));
        }
        stop.set(true);
        for (Thread t : background) {
            t.join(30_000);
        }
        long rssBeforeStop = rssLast.get();
        Map<Integer, Long> tail = sigtermDuringLoad(server);
        boolean stopped = server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        return report(results, tail, stopped ? server.exitValue() : -1, rssBeforeStop);
    }

    private PhaseResult runPhase(Phase p) throws InterruptedException {
        PhaseResult r = new PhaseResult(p);
        current = r;
        AtomicBoolean slowStop = new AtomicBoolean();
        Thread slow = daemon("slow", () -> slowClients(p.slowClients(), slowStop));
        slow.start();
        AtomicLong left = new AtomicLong(p.requests());
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < p.concurrency(); i++) {
            long[][] mine = {new long[1 << 14]};
            int[] n = {0};
            int offset = i;
            Thread t = new Thread(() -> {
                long k = offset;
                while (left.getAndDecrement() > 0) {
                    String body = bodies.get((int) (k++ % bodies.size()));
                    long s = System.nanoTime();
                    int code = post(body, r);
                    if (code > 0) {
                        if (n[0] == mine[0].length) {
                            mine[0] = Arrays.copyOf(mine[0], mine[0].length * 2);
                        }
                        mine[0][n[0]++] = (System.nanoTime() - s) / 1000;
                    }
                }
                synchronized (r.latencies) {
                    r.latencies.add(Arrays.copyOf(mine[0], n[0]));
                }
            }, "load-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        r.seconds = (System.nanoTime() - t0) / 1e9;
        slowStop.set(true);
        slow.join(30_000);
        System.out.printf(Locale.ROOT, "phase concurrency %d, %d slow clients: %d requests in %.1f s%n",
                p.concurrency(), p.slowClients(), p.requests(), r.seconds);
        return r;
    }

    private int post(String body, PhaseResult r) {
        try {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(base.resolve("/v1/route"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            r.codes.computeIfAbsent(res.statusCode(), c -> new LongAdder()).increment();
            return res.statusCode();
        } catch (IOException e) {
            r.lost.increment();
            note("lost: " + e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Keeps {@code n} connections open that send a request a byte a second; the server cuts them (408). */
    private void slowClients(int n, AtomicBoolean stop) {
        byte[] request = ("POST /v1/route HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\n"
                + "Content-Length: 40\r\n\r\n{\"text\": \"a byte a second, for ever......\"}").getBytes(StandardCharsets.US_ASCII);
        Socket[] sockets = new Socket[n];
        int[] sent = new int[n];
        long reopened = 0;
        while (!stop.get()) {
            for (int i = 0; i < n; i++) {
                try {
                    if (sockets[i] == null) {
                        sockets[i] = new Socket(base.getHost(), base.getPort());
                        sent[i] = 0;
                    }
                    OutputStream o = sockets[i].getOutputStream();
                    o.write(request[sent[i]++ % request.length]);
                    o.flush();
                } catch (IOException e) {
                    close(sockets[i]);
                    sockets[i] = null; // cut by the server: open another one
                    reopened++;
                }
            }
            sleep(1000);
        }
        for (Socket s : sockets) {
            close(s);
        }
        if (n > 0) {
            System.out.println("slow clients: " + n + " kept open, " + reopened + " reopened after the server cut them");
        }
    }

    private void probeHealth(AtomicBoolean stop) {
        while (!stop.get()) {
            long s = System.nanoTime();
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/v1/health"))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                PhaseResult p = current;
                if (r.statusCode() == 200 && p != null) {
                    synchronized (p.health) {
                        p.health.add((System.nanoTime() - s) / 1000);
                    }
                } else if (r.statusCode() != 200) {
                    note("health " + r.statusCode());
                }
            } catch (IOException e) {
                note("health lost: " + e);
            } catch (InterruptedException e) {
                return;
            }
            sleep(200);
        }
    }

    /** Every few seconds one of: an expert swap, a fault injected and cleared (throw, delay, off), a bundle swap. */
    private void administer(AtomicBoolean stop, Path a, Path b, String expert, Path model) {
        int step = 0;
        while (!stop.get()) {
            sleep(2000);
            if (stop.get()) {
                return;
            }
            switch (step++ % 6) {
                case 0 -> put("PUT /v1/experts", "/v1/experts/" + expert, model);
                case 1 -> fault(expert, "{\"kind\": \"throw\"}", "throw");
                case 2 -> fault(expert, "{\"kind\": \"delay\", \"ms\": 5}", "delay");
                case 3 -> fault(expert, "{\"kind\": \"off\"}", "off");
                case 4 -> put("PUT /v1/bundle", "/v1/bundle", b);
                default -> put("PUT /v1/bundle", "/v1/bundle", a);
            }
        }
    }

    private void fault(String expert, String json, String kind) {
        send("PUT /v1/faults " + kind, HttpRequest.newBuilder(base.resolve("/v1/faults/" + expert))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
        sleep(1000);
        send("PUT /v1/faults none", HttpRequest.newBuilder(base.resolve("/v1/faults/" + expert))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"kind\": \"none\"}")));
    }

    private void put(String name, String path, Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            send(name, HttpRequest.newBuilder(base.resolve(path)).header("X-Sha256", sha)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        } catch (Exception e) {
            note(name + ": " + e);
        }
    }

    private void send(String name, HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
            admin.computeIfAbsent(name + " -> " + r.statusCode(), k -> new LongAdder()).increment();
            if (r.statusCode() != 200) {
                note(name + " -> " + r.statusCode() + " " + r.body().strip());
            }
        } catch (IOException e) {
            admin.computeIfAbsent(name + " -> lost", k -> new LongAdder()).increment();
            note(name + " lost: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleRss(Process server, AtomicBoolean stop) {
        while (!stop.get()) {
            long rss = rss(server.toHandle());
            if (server.toHandle().descendants().findAny().isPresent()) {
                launcherRss.set(vmRss(server.pid()));
            }
            rssLast.set(rss);
            rssMax.accumulateAndGet(rss, Math::max);
            sleep(1000);
        }
    }

    /** VmRSS of the server's JVM: the child that serves when the launcher started one, with the launcher's own. */
    static long rss(ProcessHandle p) {
        long total = vmRss(p.pid());
        for (ProcessHandle c : p.descendants().toList()) {
            total += vmRss(c.pid());
        }
        return total;
    }

    private static long vmRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return 0;
    }

    /** 16 clients send while the server gets SIGTERM: answered (200, or 503 while it drains) or not connected. */
    private Map<Integer, Long> sigtermDuringLoad(Process server) throws InterruptedException {
        Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread t = new Thread(() -> {
                int k = 0;
                while (!stop.get()) {
                    int code;
                    try {
                        code = client.send(HttpRequest.newBuilder(base.resolve("/v1/route"))
                                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(k++ % bodies.size()))).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        code = -1; // not connected: the server had stopped listening
                    } catch (InterruptedException e) {
                        return;
                    }
                    codes.computeIfAbsent(code, c -> new LongAdder()).increment();
                    if (code == -1) {
                        sleep(20);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        sleep(2000);
        server.destroy(); // SIGTERM
        server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        Map<Integer, Long> out = new TreeMap<>();
        codes.forEach((c, n) -> out.put(c, n.sum()));
        return out;
    }

    private int report(List<PhaseResult> results, Map<Integer, Long> tail, int exitCode, long rssBeforeStop) {
        Map<Integer, Long> codes = new TreeMap<>();
        long lost = 0;
        long answered = 0;
        List<long[]> all = new ArrayList<>();
        System.out.println();
        System.out.println("phase                         requests  answered  lost   req/s   p50 ms  p99 ms  health p50/p99/max ms");
        for (PhaseResult r : results) {
            long[] lat = merge(r.latencies);
            all.add(lat);
            long phaseAnswered = r.codes.values().stream().mapToLong(LongAdder::sum).sum();
            r.codes.forEach((c, n) -> codes.merge(c, n.sum(), Long::sum));
            lost += r.lost.sum();
            answered += phaseAnswered;
            long[] h = r.health.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "concurrency %2d, %3d slow      %9d %9d %5d %7.0f %8.2f %7.2f  %.1f/%.1f/%.1f (%d)%n",
                    r.phase.concurrency(), r.phase.slowClients(), r.phase.requests(), phaseAnswered, r.lost.sum(),
                    phaseAnswered / r.seconds, pct(lat, 50) / 1e3, pct(lat, 99) / 1e3, pct(h, 50) / 1e3,
                    pct(h, 99) / 1e3, h.length == 0 ? 0 : h[h.length - 1] / 1e3, h.length);
        }
        long[] lat = merge(all);
        System.out.println();
        System.out.printf(Locale.ROOT, "answered %d, by code %s, lost %d, p50 %.2f ms, p99 %.2f ms%n", answered, codes,
                lost, pct(lat, 50) / 1e3, pct(lat, 99) / 1e3);
        System.out.printf(Locale.ROOT, "server RSS: max %d MB, at the end of the load %d MB (of which the launcher "
                + "JVM that started the server with its default heap: %d MB)%n", rssMax.get() >> 20, rssBeforeStop >> 20,
                launcherRss.get() >> 20);
        System.out.println("updates and faults: " + new TreeMap<>(admin.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()))));
        System.out.println("during the SIGTERM (code -1: not connected, the server had stopped listening): " + tail
                + "; the server exited with " + exitCode);
        synchronized (errors) {
            errors.stream().limit(10).forEach(e -> System.out.println("  " + e));
        }
        boolean ok = lost == 0 && (exitCode == 0 || exitCode == 143);
        System.out.println(ok ? "OK: nothing lost" : "FAILED: " + lost + " lost, exit " + exitCode);
        return ok ? 0 : 1;
    }

    private static long[] merge(List<long[]> parts) {
        long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        Arrays.sort(all);
        return all;
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p / 100))];
    }

    private void note(String e) {
        synchronized (errors) {
            if (errors.size() < 100) {
                errors.add(e);
            }
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void close(Socket s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
