package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.serve.ServeFixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `nanogrid serve` refusals, which return before the server runs (the running server is tested over HTTP
 * in the serve package, and as a process from the device jar in packaging).
 */
class ServeCommandTest {
    @TempDir
    Path dir;

    private static void assertRefused(CliRun r, String expected) {
        assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("nanogrid: ") && lines.get(0).contains(expected), r.toString());
    }

    @Test
    void badBundlesPortsAndTokensAreOneLineAndLeaveNothingBehind() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        assertRefused(CliRun.of("serve", dir.resolve("absent.ngrid").toString(), "--work-dir", work.toString()),
                "absent.ngrid");
        Path bundle = ServeFixtures.bundle(dir, "v1");
        byte[] zip = Files.readAllBytes(bundle);
        zip[zip.length / 2] ^= 0x10;
        Path damaged = Files.write(dir.resolve("damaged.ngrid"), zip);
        assertRefused(CliRun.of("serve", damaged.toString(), "--port", "0", "--work-dir", work.toString()),
                "damaged.ngrid");
        try (var s = Files.list(work)) {
            assertEquals(0, s.count(), "nothing unpacked is left behind");
        }
        assertRefused(CliRun.of("serve", bundle.toString(), "--port", "70000"), "port must be 0..65535");
        assertRefused(CliRun.of("serve", bundle.toString(), "--workers", "0"), "workers and queue must be >= 1");
        Path empty = Files.writeString(dir.resolve("token"), "  \n");
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
        assertRefused(CliRun.of("serve", bundle.toString(), "--update-token-file", empty.toString()), "is empty");
        assertRefused(CliRun.of("serve", bundle.toString(), "--update-token-file", dir.resolve("absent").toString()),
                "--update-token-file " + dir.resolve("absent") + ": file not found");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertRefused(CliRun.of("serve", bundle.toString(), "--port", Integer.toString(taken.getLocalPort()),
                    "--work-dir", work.toString()), "cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        try (var s = Files.list(work)) {
            assertEquals(0, s.count(), "the bundle opened for a port that was taken is closed and deleted");
        }
    }
}
