package io.nanogrid.engine.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.runtime.TestGridsAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime 1.29.0 overflows a 1 MB thread stack while it starts when the process's command line
 * is longer than about 4 KB, and the JVM dies with SIGSEGV. A user who sends a long text from the
 * command line must get an answer: this runs `nanogrid run` in a fresh JVM with a 64 KB request.
 */
class LongCommandLineTest {
    @TempDir
    Path dir;

    @Test
    void aLongRequestOnTheCommandLineIsAnsweredNotACrash() throws Exception {
        Path grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        String text = "what is the weather like tomorrow in the hills ".repeat(1400);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.nanogrid.engine.cli.DeviceMain", "run", grid.toString(), "--json", "--text", text))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command finished");
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "exit code (139 is the SIGSEGV): " + output);
        assertTrue(output.contains("\"route\": ") && output.contains("\"error\": null"), output);
    }
}
