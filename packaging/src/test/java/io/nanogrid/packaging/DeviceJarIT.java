package io.nanogrid.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.serve.Http;
import io.nanogrid.engine.serve.ServeFixtures;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device jar as a device runs it: `java -jar nanogrid-device-linux-x64.jar serve x.ngrid` in its own
 * JVM, with no JavaFX anywhere on its class path, answering over HTTP and stopping cleanly on SIGTERM.
 */
class DeviceJarIT {
    static final Path JAR = Path.of(System.getProperty("nanogrid.deviceJar", "target/nanogrid-device-linux-x64.jar"));

    @TempDir
    Path dir;

    /** What only the workbench runs: training, quantization, datasets, evaluation, load and benchmarks. */
    private static final List<String> TOOLING = List.of("io/nanogrid/engine/train/", "io/nanogrid/engine/router/",
            "io/nanogrid/engine/quant/", "io/nanogrid/engine/catalogue/", "io/nanogrid/engine/data/",
            "io/nanogrid/engine/eval/", "io/nanogrid/engine/load/", "io/nanogrid/engine/bench/",
            "io/nanogrid/engine/cli/tools/", "io/nanogrid/quantizer/", "io/nanogrid/samples/", "org/apache/commons/csv/",
            "org/HdrHistogram/");

    @Test
    void holdsTheRuntimeAloneAndOnePlatformsNativesAndNoJavaFx() throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(names::add);
        }
        assertTrue(names.contains("io/nanogrid/engine/cli/DeviceMain.class"));
        List<String> tooling = names.stream().filter(n -> TOOLING.stream().anyMatch(n::startsWith)).toList();
        assertEquals(List.of(), tooling, "no tooling class in the device jar");
        assertTrue(names.contains("io/nanogrid/engine/serve/GridServer.class"));
        assertTrue(names.contains("ai/onnxruntime/OrtSession.class"));
        for (String n : names) {
            assertTrue(!n.startsWith("javafx/") && !n.startsWith("com/sun/javafx/") && !n.startsWith("com/sun/glass/")
                    && !n.startsWith("com/sun/prism/") && !n.startsWith("io/nanogrid/app/")
                    && !n.startsWith("io/nanogrid/packaging/"), "no JavaFX and no workbench class: " + n);
            if (n.startsWith("ai/onnxruntime/native/") && !n.endsWith("/")) {
                assertTrue(n.startsWith("ai/onnxruntime/native/linux-x64/"), "natives of one platform only: " + n);
            }
        }
        System.out.printf("DeviceJarIT: %s is %,d bytes, %,d entries%n", JAR.getFileName(), Files.size(JAR),
                names.size());
        assertTrue(Files.size(JAR) < 25_000_000, "the linux-x64 jar stays small: " + Files.size(JAR));
    }

    @Test
    void offersWhatADeviceDoesAndNothingOfTheWorkbench() throws Exception {
        Proc help = device("--help");
        assertEquals(0, help.exit(), help.toString());
        for (String command : List.of("run", "inspect", "verify", "import", "serve")) {
            assertTrue(help.out().contains("  " + command + " "), command + " in\n" + help.out());
        }
        for (String command : List.of("train", "quantize", "sweep", "plan", "eval", "bench", "export", "router")) {
            assertTrue(!help.out().contains("  " + command + " "), command + " not in\n" + help.out());
        }
        Proc version = device("--version");
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.out().startsWith("nanogrid "), version.toString());
        Proc train = device("train", "x.tsv");
        assertEquals(2, train.exit(), train.toString());
        assertTrue(train.err().contains("unknown command 'train'"), train.toString());
    }

    private Proc device(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Proc.java(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, Map.of("NANOGRID_CACHE", dir.resolve("cache").toString()), 60);
    }

    /** Starts `java [jvmOptions] -jar JAR serve BUNDLE --port 0 ...` and waits for the line saying where it listens. */
    private Process serve(Path bundle, Path work, List<String> jvmOptions, URI[] where) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Proc.java()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", JAR.toString(), "serve", bundle.toString(), "--port", "0", "--work-dir",
                work.toString(), "--drain-seconds", "5", "--allow-unauthenticated-updates"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("NANOGRID_CACHE", dir.resolve("cache").toString());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        Matcher m = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)$").matcher(String.valueOf(first));
        if (!m.find()) {
            p.destroyForcibly();
            throw new AssertionError("the server says where it listens: " + first + "\n"
                    + Files.readString(dir.resolve("err.txt")));
        }
        where[0] = URI.create(m.group(1));
        return p;
    }

    @Test
    void servesABundleAndStopsCleanlyOnSigterm() throws Exception {
        Path bundle = ServeFixtures.bundle(dir, "v1");
        Path work = Files.createDirectories(dir.resolve("work"));
        URI[] where = new URI[1];
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Process p = serve(bundle, work, List.of("-Djava.io.tmpdir=" + tmp), where);
        try {
            Http http = new Http(where[0]);
            Http.Answer a = http.post("/v1/route", Http.text("hello, good morning"));
            assertEquals(200, a.code(), a.toString());
            assertEquals("greeting", a.json().get("route").getAsString());
            assertEquals("ok", http.get("/v1/health").json().get("status").getAsString());
            long heap = http.get("/v1/health").json().get("maxHeapBytes").getAsLong();
            assertTrue(heap > 0 && heap <= 256L << 20, "serve's default heap, not a quarter of the RAM: " + heap);
            assertEquals(200, http.put("/v1/bundle", ServeFixtures.flippedBundle(dir, "v2")).code());
            assertEquals("bye", http.post("/v1/route", Http.text("hello")).json().getAsJsonObject("result")
                    .get("label").getAsString());
        } finally {
            p.destroy(); // SIGTERM
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
        String err = Files.readString(dir.resolve("err.txt"));
        assertTrue(err.contains("nanogrid: stopping: draining") && err.contains("nanogrid: stopped"), err);
        try (var s = Files.list(work)) {
            assertEquals(0, s.count(), "the grid was closed and its unpacked folder deleted");
        }
        try (var s = Files.list(tmp)) {
            List<String> left = s.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("onnxruntime"))
                    .toList();
            assertEquals(List.of(), left, "ONNX Runtime's libraries come from the cache, not from the temp folder");
        }
        try (var s = Files.list(dir.resolve("cache").resolve("onnxruntime"))) {
            Path copy = s.findFirst().orElseThrow().resolve("libonnxruntime.so");
            assertTrue(Files.size(copy) > 1_000_000, copy.toString());
        }
    }

    /**
     * Clients that send headers and stall their body hold no server thread (the connection guard reads them),
     * so the server answers at once, and they are cut off with a 408 at the read deadline (10 s by default).
     */
    @Test
    void stalledClientsAreCutOffAndTheServerKeepsAnswering() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        URI[] where = new URI[1];
        Process p = serve(ServeFixtures.bundle(dir, "v1"), work, List.of(), where);
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket(where[0].getHost(), where[0].getPort());
                s.getOutputStream().write(("POST /v1/route HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            long t0 = System.nanoTime();
            Http.Answer health = new Http(where[0]).get("/v1/health");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(200, health.code(), health.toString());
            assertTrue(seconds < 20, "answered while the stalled requests wait: " + seconds + " s");
            for (Socket s : stalled) {
                s.setSoTimeout(20_000);
                InputStream in = s.getInputStream();
                try {
                    int b = in.read();
                    assertTrue(b == -1 || b == 'H', "closed (or answered) by the server");
                } catch (SocketException reset) {
                    // closed by the server: what we wanted
                }
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
