package io.nanogrid.engine.cli;

import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.serve.BundleUpdate;
import io.nanogrid.engine.serve.GridServer;
import io.nanogrid.engine.serve.ServeSettings;
import io.nanogrid.engine.serve.TlsKeys;
import io.nanogrid.engine.serve.front.ConnectionLimits;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import io.nanogrid.files.StaleTemps;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a bundle over HTTP until stopped (SIGTERM or Ctrl+C drains requests in flight first).",
                "POST /v1/route {\"text\": ...} or {\"tensor\": {\"shape\": [...], \"values\": [...]}} answers "
                        + "what `nanogrid run --json` prints;%n"
                        + "GET /v1/health, GET /v1/metrics (Prometheus); PUT /v1/bundle (an .ngrid) and "
                        + "PUT /v1/experts/ID (an .onnx) swap in updates with no failed request (with "
                        + "--update-token-file); PUT /v1/faults/ID injects or clears a fault.",
                "Status codes: 200 answered, 400 bad request, 401/403 no token or updates off, 404/405 wrong path "
                        + "or method, 408 not received in time, 409 update in progress, 411/413/415/431 body or "
                        + "headers refused, 429 queue full, 500/503/504 no answer (see error.code), 503 shutting down "
                        + "or too many connections."})
public final class ServeCommand implements Callable<Integer> {
    static final String TEMP_PREFIX = "nanogrid-serve-";
    /** Held locked while the server runs, so that another server's start-up leaves its temp folder alone. */
    static final String LOCK = ".lock";

    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "X.ngrid", description = "The bundle to serve (verified first, as by `nanogrid verify`).")
    Path bundle;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free "
            + "one).")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}, "
            + "this machine only; 0.0.0.0 for every interface).")
    String bind = "127.0.0.1";

    @Option(names = "--workers", paramLabel = "N", description = "Threads routing requests (default: the number of "
            + "cores).")
    Integer workers;

    @Option(names = "--queue", paramLabel = "N", description = "Requests that may wait for a worker before new ones "
            + "are answered 429 (default: ${DEFAULT-VALUE}).")
    int queue = 64;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Answer 504 when a request has no answer this "
            + "long after it arrived (default: ${DEFAULT-VALUE}).")
    long timeoutMs = 5_000;

    @Option(names = "--max-request-bytes", paramLabel = "N", description = "Largest POST /v1/route body (default: "
            + "${DEFAULT-VALUE}).")
    long maxRequestBytes = ServeSettings.MIB;

    @Option(names = "--max-upload-bytes", paramLabel = "N", description = "Largest PUT body, bundle or model (default: "
            + "${DEFAULT-VALUE}).")
    long maxUploadBytes = 512 * ServeSettings.MIB;

    @Option(names = "--max-connections", paramLabel = "N", description = "Client connections open at once; a new "
            + "one past that is answered 503 and closed (default: ${DEFAULT-VALUE}).")
    int maxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--read-timeout-ms", paramLabel = "MS", description = "A request's line and headers must arrive "
            + "within this time of their first byte, its body within it plus its size at 256 KiB/s; else 408 "
            + "(default: ${DEFAULT-VALUE}).")
    long readTimeoutMs = ConnectionLimits.DEFAULT_READ_TIMEOUT_MILLIS;

    @Option(names = "--drain-seconds", paramLabel = "S", description = "On shutdown, how long requests in flight may "
            + "take to finish (default: ${DEFAULT-VALUE}).")
    int drainSeconds = 10;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where bundles are unpacked (default: a new "
            + "folder in the temp folder, deleted on exit).")
    Path workDir;

    @Option(names = "--update-token-file", paramLabel = "FILE", description = "A file holding a token that PUT "
            + "requests must send as 'Authorization: Bearer TOKEN'; readable by its owner only (chmod 600). Without "
            + "it every update is refused (403).")
    Path tokenFile;

    @Option(names = "--allow-unauthenticated-updates", description = "Accept updates with no token from any process "
            + "that reaches the port; only with a loopback --bind (127.0.0.1, ::1).")
    boolean openUpdates;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with the key and certificate "
            + "in this keystore (PKCS#12 or JKS; e.g. made by keytool -genkeypair or openssl pkcs12 -export).")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "A file holding the keystore's "
            + "password (and its key's), so that it is not on the command line; needed with --tls-keystore.")
    Path tlsPasswordFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ServeSettings settings = settings();
        boolean loopback = ServeSettings.isLoopback(settings.bind());
        if (!loopback && settings.tls() == null) {
            err.println("nanogrid: warning: listening on " + settings.bind() + " without --tls-keystore: requests, "
                    + "answers and update tokens cross the network in clear text");
        }
        // the JDK server cuts off a request not answered within its own limit (60 s by default, see GridServer)
        long seconds = timeoutMs / 1000 + 10;
        if (seconds > 60 && System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        }
        boolean ownWorkDir = workDir == null;
        Path work;
        FileChannel lock = null;
        if (ownWorkDir) {
            // the folders of servers that were killed (kill -9 runs no clean-up): made before us, unlocked
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            StaleTemps.removeFolders(tmp, TEMP_PREFIX + "*", LOCK);
            work = Files.createTempDirectory(TEMP_PREFIX);
            lock = StaleTemps.holdFolder(work, LOCK);
        } else {
            work = Files.createDirectories(workDir);
        }
        FileChannel held = lock;
        GridServer server;
        try {
            server = GridServer.start(bundle, settings, root.runtime(), BundleLimits.defaults(), work, err);
        } catch (BindException e) {
            cleanUp(work, ownWorkDir, held);
            throw new BadInputException("cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                    + e.getMessage());
        } catch (IOException | RuntimeException e) {
            cleanUp(work, ownWorkDir, held);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("nanogrid: stopping: draining requests in flight (up to " + settings.drainSeconds() + " s)");
            err.flush();
            server.close();
            cleanUp(work, ownWorkDir, held);
            err.println("nanogrid: stopped");
            err.flush();
            stopped.countDown();
        }, "nanogrid-shutdown"));
        BundleUpdate b = server.first();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("nanogrid: serving %s (grid '%s': %s; verified and loaded in %.2f s) on %s%n", bundle, b.grid(),
                String.join(", ", b.experts()), b.seconds(), server.uri());
        out.println("nanogrid: POST /v1/route, GET /v1/health, GET /v1/metrics, PUT /v1/bundle, PUT /v1/experts/ID; "
                + "stop with Ctrl+C or SIGTERM");
        String heap = System.getProperty(ServeHeap.CHILD);
        out.printf("nanogrid: heap limit %d MiB (%s)%n", Runtime.getRuntime().maxMemory() >> 20, heap != null
                ? "serve's default; -Xmx or " + ServeHeap.ENV + " to change" : "as the JVM was started");
        out.println("nanogrid: updates " + (settings.updateToken() != null ? "need the token of --update-token-file"
                : settings.updatesEnabled() ? "are open to any local process (--allow-unauthenticated-updates)"
                : "are off (PUT answers 403; give --update-token-file FILE to allow them)"));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Cli.OK;
    }

    private ServeSettings settings() {
        String token = tokenFile == null ? null : secret(SecretFiles.ownerOnly(tokenFile, "--update-token-file"),
                "--update-token-file", String::strip);
        if ((tlsKeystore == null) != (tlsPasswordFile == null)) {
            throw new BadInputException("--tls-keystore and --tls-password-file go together: give both, or neither");
        }
        // a password may begin or end with spaces: only the line end an editor adds is taken off
        SSLContext tls = tlsKeystore == null ? null : TlsKeys.load(tlsKeystore, secret(tlsPasswordFile,
                "--tls-password-file", t -> t.replaceFirst("\\R\\z", "")).toCharArray());
        try {
            return new ServeSettings(bind, port, workers != null ? workers : Runtime.getRuntime().availableProcessors(),
                    queue, timeoutMs, maxRequestBytes, maxUploadBytes, drainSeconds, token, openUpdates, tls,
                    maxConnections, readTimeoutMs);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** The text of a file holding a secret (an update token, a keystore password), as {@code trim} leaves it. */
    private static String secret(Path file, String option, UnaryOperator<String> trim) {
        String text;
        try {
            text = trim.apply(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new BadInputException(option + " " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException(option + " " + file + ": cannot read it (" + IoReasons.of(e) + ")");
        }
        if (text.isEmpty()) {
            throw new BadInputException(option + " " + file + " is empty");
        }
        return text;
    }

    /** Deletes the work folder if it is our own temp folder, then lets its lock go. */
    private static void cleanUp(Path work, boolean own, FileChannel held) {
        if (own) {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a temp folder: the next server's start removes it (StaleTemps)
            }
        }
        try {
            if (held != null) {
                held.close();
            }
        } catch (IOException e) {
            // the lock goes with the process
        }
    }
}
