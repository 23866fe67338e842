package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When `serve` starts itself again with its default heap, and with what command line. */
class ServeHeapTest {
    private static final Path JAVA = Path.of("/jdk/bin/java");

    private static List<String> relaunch(List<String> jvm, Map<String, String> env, String child, String... args) {
        return ServeHeap.relaunch(args, jvm, env, child, JAVA, "device.jar", "io.nanogrid.engine.cli.DeviceMain");
    }

    @Test
    void serveWithoutAHeapLimitStartsAChildWithTheDefault() {
        assertEquals(List.of("/jdk/bin/java", "-Dx=1", "-Xmx256m", "-Dnanogrid.serve.heap=256m", "-cp", "device.jar",
                "io.nanogrid.engine.cli.DeviceMain", "--ort-threads", "2", "serve", "x.ngrid", "--port", "0"),
                relaunch(List.of("-Dx=1"), Map.of(), null, "--ort-threads", "2", "serve", "x.ngrid", "--port", "0"));
        assertTrue(relaunch(List.of(), Map.of(ServeHeap.ENV, "1g"), null, "serve", "x.ngrid").contains("-Xmx1g"));
    }

    @Test
    void aChosenHeapOtherCommandsHelpAndTheChildItselfRunHere() {
        assertNull(relaunch(List.of("-Xmx512m"), Map.of(), null, "serve", "x.ngrid"));
        assertNull(relaunch(List.of("-XX:MaxRAMPercentage=10"), Map.of(), null, "serve", "x.ngrid"));
        assertNull(relaunch(List.of(), Map.of(ServeHeap.ENV, "jvm"), null, "serve", "x.ngrid"));
        assertNull(relaunch(List.of(), Map.of(), "256m", "serve", "x.ngrid"), "the child starts no other");
        assertNull(relaunch(List.of(), Map.of(), null, "run", "serve"));
        assertNull(relaunch(List.of(), Map.of(), null, "serve", "--help"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> relaunch(List.of(), Map.of(ServeHeap.ENV, "lots"), null, "serve", "x.ngrid"));
        assertTrue(e.getMessage().contains("NANOGRID_SERVE_HEAP must be a heap size"), e.getMessage());
    }
}
