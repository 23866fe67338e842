package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.runtime.TestGridsAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nanogrid export`, `verify` and `import` end to end, with real models in ONNX Runtime. */
class BundleCliTest {
    @TempDir
    Path dir;

    private Path grid() throws Exception {
        Path g = Files.createDirectories(dir.resolve("grid"));
        GridFiles.write(TestGridsAccess.threeModels(g), g.resolve("grid.json"));
        return g.resolve("grid.json");
    }

    @Test
    void exportVerifyImportAndRun() throws Exception {
        Path grid = grid();
        Path bits = Files.writeString(dir.resolve("bits.json"), "{\"greeting\": 4, \"router\": 8}");
        Path bundle = dir.resolve("x.ngrid");
        CliRun e = CliRun.of("export", grid.toString(), "-o", bundle.toString(), "--bits-profile", bits.toString(),
                "--json");
        assertEquals(Cli.OK, e.exit(), e.toString());
        JsonObject j = e.json();
        assertEquals(Files.size(bundle), j.get("bytes").getAsLong());
        assertEquals("4", j.getAsJsonObject("bits").get("greeting").getAsString());
        assertFalse(j.get("quantized").getAsBoolean());

        CliRun again = CliRun.of("export", grid.toString(), "-o", dir.resolve("y.ngrid").toString(),
                "--bits-profile", bits.toString(), "--json");
        assertEquals(j.get("sha256"), again.json().get("sha256"), "the same grid gives the same bytes");

        CliRun v = CliRun.of("verify", bundle.toString());
        assertEquals(Cli.OK, v.exit(), v.toString());
        assertTrue(v.out().contains("models/router.onnx, models/greeting.onnx, models/weather.onnx: all load"),
                v.out());
        assertEquals(1, CliRun.of("verify", bundle.toString(), "--json").json().get("formatVersion").getAsInt());

        Path target = dir.resolve("imported");
        CliRun i = CliRun.of("import", bundle.toString(), "-d", target.toString());
        assertEquals(Cli.OK, i.exit(), i.toString());
        CliRun run = CliRun.of("run", target.resolve("grid.json").toString(), "--text", "good morning", "--json");
        assertEquals(Cli.OK, run.exit(), run.toString());
        assertEquals("greeting", run.json().get("route").getAsString());
    }

    @Test
    void refusalsAreExit2WithOneLine() throws Exception {
        Path grid = grid();
        Path bundle = dir.resolve("x.ngrid");
        assertEquals(Cli.OK, CliRun.of("export", grid.toString(), "-o", bundle.toString()).exit());
        byte[] zip = Files.readAllBytes(bundle);
        zip[zip.length / 2] ^= 0x10;
        Path bad = Files.write(dir.resolve("bad.ngrid"), zip);
        for (CliRun r : List.of(CliRun.of("verify", bad.toString()),
                CliRun.of("import", bad.toString(), "-d", dir.resolve("out").toString()),
                CliRun.of("export", grid.toString(), "-o", dir.resolve("z.ngrid").toString(), "--bits-profile",
                        dir.resolve("absent.json").toString()))) {
            assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
            List<String> lines = r.err().strip().lines().toList();
            assertEquals(1, lines.size(), r.toString());
            assertTrue(lines.get(0).startsWith("nanogrid: "), r.toString());
            assertFalse(r.err().contains("internal error"), r.toString());
        }
        assertFalse(Files.exists(dir.resolve("out")));
        assertFalse(Files.exists(dir.resolve("z.ngrid")));
        assertTrue(CliRun.of("verify", bad.toString()).err().contains(bad.toString()));
    }

    @Test
    void everyBitsProfileRefusalNamesTheFile() throws Exception {
        Path grid = grid();
        Path unknown = Files.writeString(dir.resolve("badbits.json"), "{\"greetingx\": 4}");
        Path value = Files.writeString(dir.resolve("badbits2.json"), "{\"greeting\": 3}");
        for (Path profile : List.of(unknown, value)) {
            CliRun r = CliRun.of("export", grid.toString(), "-o", dir.resolve("t.ngrid").toString(), "--bits-profile",
                    profile.toString());
            assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
            assertEquals("nanogrid: " + profile + ": " + (profile == unknown
                    ? "'greetingx' is not an expert of the grid; expected one of [greeting, router, weather]"
                    : "greeting: expected 8, 4, 2 or \"float\", got 3"), r.err().strip());
        }
        assertFalse(Files.exists(dir.resolve("t.ngrid")));
    }

    @Test
    void aModelGivenAsTheGridIsNotAGridFile() throws Exception {
        Path model = Files.write(dir.resolve("model.onnx"), new byte[] {0x08, 0x07, (byte) 0xff, (byte) 0xfe, 0x12});
        for (String command : List.of("export", "router")) {
            CliRun r = command.equals("export")
                    ? CliRun.of("export", model.toString(), "-o", dir.resolve("x.ngrid").toString())
                    : CliRun.of("router", "test", model.toString());
            assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
            assertEquals("nanogrid: " + model + " is not a grid file: it is not UTF-8 text (a grid is a JSON file "
                    + "such as grid.json)", r.err().strip(), r.toString());
        }
        assertFalse(Files.exists(dir.resolve("x.ngrid")));
    }
}
