package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.CliRun;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nanogrid serve` as the command line starts it, and the server's answers against `nanogrid run`'s. */
class ServeCliTest {
    @TempDir
    Path dir;
    private GridServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = ServeFixtures.start(ServeFixtures.bundle(dir, "v1"), ServeFixtures.settings(), dir.resolve("work"),
                new StringWriter());
        http = new Http(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersWhatRunJsonPrintsForTheSameRequest() {
        Path grid = ServeFixtures.gridFile(dir, "v1");
        for (String text : List.of("hello, good morning", "will it rain? the forecast says cloud", "bye bye",
                "quarterly revenue grew", "")) {
            Http.Answer served = http.post("/v1/route", Http.text(text));
            CliRun run = CliRun.of("run", grid.toString(), "--text", text, "--json");
            assertEquals(200, served.code(), served.toString());
            assertEquals(run.out().strip().lines().count(), served.body().strip().lines().count(),
                    "pretty-printed the same way");
            assertEquals(withoutTimings(run.json()), withoutTimings(served.json()), text);
            assertEquals(run.json().keySet(), served.json().keySet());
            assertTrue(served.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        }
        assertEquals("hello", http.post("/v1/route", Http.text("hi there")).json().getAsJsonObject("result")
                .get("label").getAsString());
    }

    private static JsonObject withoutTimings(JsonObject o) {
        JsonObject c = o.deepCopy();
        assertTrue(c.getAsJsonObject("timings").get("total").getAsDouble() > 0, o.toString());
        c.remove("timings");
        return c;
    }

    @Test
    void badKeysAreRefusedBeforeListeningNamingTheFile() throws Exception {
        Path ks = TlsServeTest.keystore(dir);
        Path bundle = ServeFixtures.bundle(dir, "v1");
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "not the password\n");
        Path right = Files.writeString(dir.resolve("right.txt"), TlsServeTest.PASSWORD + "\n");
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "this is not a keystore");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        List<List<String>> cases = List.of(
                List.of("--tls-keystore", ks.toString(), "--tls-password-file", wrong.toString(), "wrong password"),
                List.of("--tls-keystore", garbage.toString(), "--tls-password-file", right.toString(), "keystore"),
                List.of("--tls-keystore", dir.resolve("absent.p12").toString(), "--tls-password-file",
                        right.toString(), "file not found"),
                List.of("--tls-keystore", ks.toString(), "--tls-password-file", empty.toString(), "is empty"),
                List.of("--tls-keystore", ks.toString(), "go together"));
        for (List<String> c : cases) {
            List<String> args = new ArrayList<>(List.of("serve", bundle.toString(), "--port", "0"));
            args.addAll(c.subList(0, c.size() - 1));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
            assertTrue(r.err().contains(c.get(c.size() - 1)), r.toString());
            assertFalse(r.err().contains("Exception") || r.out().contains("serving"), r.toString());
        }
    }

    @Test
    void aTokenFileOthersCanReadAndOpenUpdatesOffLoopbackAreRefusedBeforeListening() throws Exception {
        Path bundle = ServeFixtures.bundle(dir, "v1");
        Path token = Files.writeString(dir.resolve("token.txt"), "s3cret\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun readable = CliRun.of("serve", bundle.toString(), "--port", "0", "--update-token-file",
                token.toString());
        assertEquals(Cli.BAD_INPUT, readable.exit(), readable.toString());
        assertTrue(readable.err().contains("--update-token-file " + token + " can be read or written by other users "
                + "(mode rw-r--r--)"), readable.toString());
        assertTrue(readable.err().contains("chmod 600"), readable.toString());

        CliRun open = CliRun.of("serve", bundle.toString(), "--port", "0", "--bind", "0.0.0.0",
                "--allow-unauthenticated-updates");
        assertEquals(Cli.BAD_INPUT, open.exit(), open.toString());
        assertTrue(open.err().contains("only for a loopback address"), open.toString());
        assertFalse(open.out().contains("serving") || readable.out().contains("serving"));
    }
}
