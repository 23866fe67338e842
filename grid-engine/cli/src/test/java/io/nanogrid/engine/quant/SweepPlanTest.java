package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nanogrid.engine.cli.CliRun;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.runtime.TestGridsAccess;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.OnnxModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlanTest {
    @TempDir
    Path dir;

    private static final List<String> GREETINGS = List.of("hello there", "hi friend", "good morning", "bye now",
            "goodbye for today", "hello again", "bye bye");
    private static final List<String> WEATHER = List.of("sunny today", "rain again", "a cloud passes", "the sun is out",
            "rain tomorrow", "sunny weekend", "cloud and rain");

    /** The three-model test grid and labelled, routed data for it. */
    private Path threeModelGrid() throws IOException {
        GridSpec spec = TestGridsAccess.threeModels(dir);
        Path grid = dir.resolve("grid.json");
        GridFiles.write(spec, grid);
        StringBuilder tsv = new StringBuilder("text\tlabel\troute\n");
        for (String t : GREETINGS) {
            tsv.append(t).append('\t').append(t.contains("bye") ? "bye" : "hello").append("\tgreeting\n");
        }
        for (String t : WEATHER) {
            tsv.append(t).append('\t').append(t.contains("sun") ? "sunny" : "rainy").append("\tweather\n");
        }
        Files.writeString(dir.resolve("data.tsv"), tsv);
        return grid;
    }

    @Test
    void sweepsEveryExpertAndTheWholeGrid() throws IOException {
        Path grid = threeModelGrid();
        CliRun r = CliRun.of("sweep", grid.toString(), "--data", dir.resolve("data.tsv").toString(), "--bits", "8,4",
                "--block", "32", "--method", "rtn", "--requests", "20", "--no-resident", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        assertEquals(14, j.get("examples").getAsInt());
        assertTrue(j.get("routed").getAsBoolean());
        JsonArray models = j.getAsJsonArray("models");
        assertEquals(2 * 3, models.size(), "two experts x (float, q8, q4)");
        for (JsonElement e : models) {
            JsonObject m = e.getAsJsonObject();
            assertEquals(7, m.get("examples").getAsInt(), m.toString());
            assertEquals(1.0, m.get("accuracy").getAsDouble(), 1e-9, m.toString());
            assertEquals(1.0, m.get("top1Agreement").getAsDouble(), 1e-9, m.toString());
            assertTrue(m.get("p50Micros").getAsDouble() > 0);
        }
        JsonObject q4 = models.get(2).getAsJsonObject();
        assertEquals("q4-b32-rtn", q4.get("variant").getAsString());
        assertEquals(1, q4.get("quantizedTensors").getAsInt());
        assertTrue(q4.get("fileBytes").getAsLong() < models.get(0).getAsJsonObject().get("fileBytes").getAsLong());
        JsonArray whole = j.getAsJsonArray("grid");
        assertEquals(3, whole.size());
        for (JsonElement e : whole) {
            assertEquals(1.0, e.getAsJsonObject().get("jointAccuracy").getAsDouble(), 1e-9, e.toString());
            assertEquals(-1, e.getAsJsonObject().get("residentBytes").getAsLong(), "--no-resident: not measured");
        }
    }

    @Test
    void sweepsWithoutLabelsMeasuringAgreementOnly() throws IOException {
        Path grid = threeModelGrid();
        Path texts = Files.writeString(dir.resolve("texts.txt"), String.join("\n", GREETINGS) + "\n");
        CliRun r = CliRun.of("sweep", grid.toString(), "--data", texts.toString(), "--unlabelled", "--bits", "4",
                "--block", "32", "--method", "search", "--requests", "10", "--no-resident", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        assertTrue(!j.get("labelled").getAsBoolean());
        for (JsonElement e : j.getAsJsonArray("models")) {
            JsonObject m = e.getAsJsonObject();
            assertTrue(m.get("accuracy") == null || m.get("accuracy").isJsonNull(), m.toString());
            if (m.get("expert").getAsString().equals("greeting")) {
                assertEquals(1.0, m.get("top1Agreement").getAsDouble(), 1e-9, m.toString());
            }
        }
    }

    /**
     * A grid assembled here: a keyword router over two embedding-bag experts with 2^16 x 32 tables
     * (8 MB each in float), labelled by the float experts' own answers on random texts.
     */
    private Path bigGrid() throws IOException {
        TextHashedNgramsSpec text = TextHashedNgramsSpec.defaults().withBuckets(1 << 16);
        List<String> labels = List.of("a", "b", "c", "d");
        for (String id : List.of("left", "right")) {
            ModelProto m = QuantTestModels.embeddingBag(1 << 16, 32, 4).toBuilder()
                    .addMetadataProps(meta("nanogrid.input", Json.compact().toJson(text, InputSpec.class)))
                    .addMetadataProps(meta("nanogrid.output", Json.compact().toJson(LabelsSpec.of(labels),
                            OutputSpec.class))).build();
            OnnxModels.write(m, dir.resolve(id + ".onnx"));
        }
        TestModels.write(TestModels.keywordClassifier(List.of("left", "right"), Map.of("left", List.of("west"),
                "right", List.of("east"))), dir.resolve("router.onnx"));
        GridSpec spec = new GridSpec(GridSpec.FORMAT_VERSION, "big", null,
                new RouterSpec("router.onnx", null, List.of("left", "right"), null, null, 0.0, null),
                List.of(ExpertSpec.of("left", "left.onnx", null, null), ExpertSpec.of("right", "right.onnx", null,
                        null)), null, null);
        Path grid = dir.resolve("big.json");
        GridFiles.write(spec, grid);
        // labels: what the float grid answers on random texts, so that float accuracy is 1 and quantization costs
        Random rnd = new Random(3);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder t = new StringBuilder(i % 2 == 0 ? "west" : "east");
            for (int w = 0; w < 6; w++) {
                t.append(' ').append(Long.toString(rnd.nextLong() & 0xffffffL, 36));
            }
            texts.add(t.toString());
        }
        StringBuilder tsv = new StringBuilder("text\tlabel\troute\n");
        for (String t : texts) {
            CliRun r = CliRun.of("run", grid.toString(), "--text", t, "--json");
            JsonObject a = r.json();
            tsv.append(t).append('\t').append(a.getAsJsonObject("result").get("label").getAsString()).append('\t')
                    .append(a.get("route").getAsString()).append('\n');
        }
        Files.writeString(dir.resolve("big.tsv"), tsv);
        return grid;
    }

    private static OnnxMl.StringStringEntryProto meta(String k, String v) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    @Test
    void plansTheBitsOfEveryExpertWithinABudgetAndWritesTheGrid() throws IOException {
        Path grid = bigGrid();
        Path sweepJson = dir.resolve("sweep.json");
        CliRun s = CliRun.of("sweep", grid.toString(), "--data", dir.resolve("big.tsv").toString(), "--bits", "8,4,2",
                "--block", "32", "--method", "search", "--requests", "20", "--json");
        assertEquals(0, s.exit(), s.toString());
        Files.writeString(sweepJson, s.out());
        JsonObject sweep = s.json();
        long floatResident = 0;
        long q4Resident = 0;
        for (JsonElement e : sweep.getAsJsonArray("models")) {
            JsonObject m = e.getAsJsonObject();
            if (m.get("variant").getAsString().equals("float")) {
                floatResident += m.get("residentBytes").getAsLong();
            }
            if (m.get("variant").getAsString().equals("q4-b32-search")) {
                q4Resident += m.get("residentBytes").getAsLong();
                assertTrue(m.get("accuracy").getAsDouble() > 0.9, m.toString());
            }
        }
        assertTrue(floatResident > 3 * q4Resident, "4-bit experts at least 3x smaller in memory: " + floatResident
                + " vs " + q4Resident);
        long router = sweep.getAsJsonObject("router").get("residentBytes").getAsLong();
        long budget = router + q4Resident + q4Resident / 10;

        // from the sweep's figures: the chosen plan fits and no combination that fits does better
        Path planned = dir.resolve("planned").resolve("grid.json");
        CliRun p = CliRun.of("plan", grid.toString(), "--budget", Long.toString(budget), "--from",
                sweepJson.toString(), "-o", planned.toString(), "--json");
        assertEquals(0, p.exit(), p.toString());
        JsonObject plan = p.json();
        JsonObject chosen = plan.getAsJsonObject("chosen");
        assertTrue(chosen.get("bytes").getAsLong() <= budget);
        List<JsonObject> left = new ArrayList<>();
        List<JsonObject> right = new ArrayList<>();
        for (JsonElement e : sweep.getAsJsonArray("models")) {
            JsonObject m = e.getAsJsonObject();
            (m.get("expert").getAsString().equals("left") ? left : right).add(m);
        }
        double best = -1;
        for (JsonObject a : left) {
            for (JsonObject b : right) {
                long cost = router + a.get("residentBytes").getAsLong() + b.get("residentBytes").getAsLong();
                double gain = (a.get("jointCorrect").getAsLong() + b.get("jointCorrect").getAsLong()) / 300.0;
                if (cost <= budget) {
                    best = Math.max(best, gain);
                }
            }
        }
        assertEquals(best, chosen.get("predicted").getAsDouble(), 1e-6, "the plan is the best that fits");
        assertTrue(best < 1.0, "quantizing costs some accuracy here, so the choice matters");
        JsonArray front = plan.getAsJsonArray("front");
        for (int i = 1; i < front.size(); i++) {
            JsonObject a = front.get(i - 1).getAsJsonObject();
            JsonObject b = front.get(i).getAsJsonObject();
            assertTrue(a.get("bytes").getAsLong() < b.get("bytes").getAsLong());
            assertTrue(a.get("predicted").getAsDouble() < b.get("predicted").getAsDouble());
        }
        // like any new file here (rw-r--r-- with the usual umask 022), not the temp file's owner-only 0600
        String usual = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve(
                "new-file"))));
        assertEquals(usual, PosixFilePermissions.toString(Files.getPosixFilePermissions(planned)));
        try (var written = Files.list(planned.getParent())) {
            for (Path f : written.toList()) {
                assertEquals(usual, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                        f.toString());
            }
        }
        // the input grid is not overwritten without --force, and a sweep of other experts is refused
        byte[] gridBefore = Files.readAllBytes(grid);
        CliRun self = CliRun.of("plan", grid.toString(), "--budget", "1GB", "--from", sweepJson.toString(), "-o",
                grid.toString());
        assertEquals(2, self.exit(), self.toString());
        assertTrue(self.err().contains("refusing to overwrite") && self.err().contains("--force"), self.err());
        assertArrayEquals(gridBefore, Files.readAllBytes(grid));
        JsonObject leftOnly = sweep.deepCopy();
        JsonArray leftRows = new JsonArray();
        sweep.getAsJsonArray("models").forEach(m -> {
            if (m.getAsJsonObject().get("expert").getAsString().equals("left")) {
                leftRows.add(m);
            }
        });
        leftOnly.add("models", leftRows);
        Path otherSweep = Files.writeString(dir.resolve("left-only.json"), leftOnly.toString());
        CliRun other = CliRun.of("plan", grid.toString(), "--budget", "1GB", "--from", otherSweep.toString(), "-o",
                dir.resolve("other").resolve("grid.json").toString());
        assertEquals(2, other.exit(), other.toString());
        assertTrue(other.err().contains("is a sweep of") && other.err().contains("[left]"), other.err());
        assertTrue(!Files.exists(dir.resolve("other")), "nothing written for a refused plan");

        // the written grid runs, and its measured joint accuracy is the predicted one
        CliRun eval = CliRun.of("eval", planned.toString(), "--data", dir.resolve("big.tsv").toString(), "--json");
        assertEquals(0, eval.exit(), eval.toString());
        assertEquals(best, eval.json().get("jointAccuracy").getAsDouble(), 1e-6);
        assertTrue(Files.exists(planned.resolveSibling("router.onnx")), "the router keeps its file name");

        // planned from the saved sweep, with the data: the chosen variants are quantized and the grid is run
        CliRun fromSaved = CliRun.of("plan", grid.toString(), "--budget", Long.toString(budget), "--from",
                sweepJson.toString(), "--data", dir.resolve("big.tsv").toString(), "--requests", "20", "--json");
        assertEquals(0, fromSaved.exit(), fromSaved.toString());
        JsonObject savedChosen = fromSaved.json().getAsJsonObject("chosen");
        assertEquals(best, savedChosen.get("measured").getAsDouble(), 1e-6, fromSaved.toString());
        assertTrue(savedChosen.get("measuredLatencyMicros").getAsDouble() > 0, savedChosen.toString());

        // sweeping in the same run, the planned grid is run and measured too
        CliRun live = CliRun.of("plan", grid.toString(), "--budget", Long.toString(budget), "--data",
                dir.resolve("big.tsv").toString(), "--bits", "4,2", "--block", "32", "--method", "search",
                "--requests", "20", "--json");
        assertEquals(0, live.exit(), live.toString());
        JsonObject liveChosen = live.json().getAsJsonObject("chosen");
        assertEquals(liveChosen.get("predicted").getAsDouble(), liveChosen.get("measured").getAsDouble(), 1e-6,
                "with a float router the joint accuracy adds up over experts: predicted exactly");
        assertTrue(liveChosen.get("measuredLatencyMicros").getAsDouble() > 0, liveChosen.toString());
        assertTrue(liveChosen.get("latencyMicros").getAsDouble() > 0, liveChosen.toString());

        // a latency budget: the all-float grid's predicted latency lets at most as slow a plan through
        double floatMicros = plan.getAsJsonObject("allFloat").get("latencyMicros").getAsDouble();
        assertTrue(floatMicros > 0, plan.toString());
        CliRun fast = CliRun.of("plan", grid.toString(), "--budget", "1GB", "--latency", floatMicros + "us", "--from",
                sweepJson.toString(), "--json");
        assertEquals(0, fast.exit(), fast.toString());
        assertTrue(fast.json().getAsJsonObject("chosen").get("latencyMicros").getAsDouble() <= floatMicros + 0.1);
        assertEquals(floatMicros, fast.json().get("latencyBudgetMicros").getAsDouble(), 1e-9);
        CliRun tooFast = CliRun.of("plan", grid.toString(), "--budget", "1GB", "--latency", "0.001us", "--from",
                sweepJson.toString());
        assertEquals(1, tooFast.exit(), tooFast.toString());
        assertTrue(tooFast.err().contains("no plan fits 0.00 µs: the fastest grid takes"), tooFast.err());
        assertEquals(2, CliRun.of("plan", grid.toString(), "--budget", "1GB", "--latency", "soon", "--from",
                sweepJson.toString()).exit());

        CliRun tooSmall = CliRun.of("plan", grid.toString(), "--budget", "10KB", "--from", sweepJson.toString());
        assertEquals(1, tooSmall.exit(), tooSmall.toString());
        assertTrue(tooSmall.err().contains("no plan fits"), tooSmall.err());
        assertEquals(2, CliRun.of("plan", grid.toString(), "--budget", "lots", "--from", sweepJson.toString()).exit());
    }

    @Test
    void aSweepFileThatIsNotThereIsNamedAsNotFound() throws IOException {
        Path grid = threeModelGrid();
        Path missing = dir.resolve("nosuch.json");
        CliRun r = CliRun.of("plan", grid.toString(), "--budget", "18MB", "--from", missing.toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals("nanogrid: cannot read " + missing + ": file not found", r.err().strip());
    }

    @Test
    void aFileThatIsNotASweepIsRefusedInOneCleanLine() throws IOException {
        Path grid = threeModelGrid();
        String notSweep = ": not a sweep report (expected a JSON object written by nanogrid sweep --json)";
        Map<String, String> cases = Map.of(
                "\"hello\"", notSweep,
                "{\"left\": 4, \"right\": \"float\"}", notSweep + ": left: unknown field (expected one of target, data, "
                        + "examples, labelled, routed, router, models, grid, warnings)",
                "{\"target\": \"g\", \"models\": \"x\"}", notSweep + ": models: expected a list [...], got \"x\"",
                "{\"target\": \"g\", \"models\": []}", notSweep + ": it has no models",
                "{\"models\": [", ": not valid JSON: End of input at line 1 column 13 (at models[0])",
                "{\"models\": []} trailing", ": not valid JSON: malformed JSON at line 1 column 17");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Files.writeString(dir.resolve("other.json"), c.getKey());
            CliRun r = CliRun.of("plan", grid.toString(), "--budget", "18MB", "--from", file.toString());
            assertEquals(2, r.exit(), r.toString());
            assertEquals("nanogrid: " + file + c.getValue(), r.err().strip(), c.getKey());
        }
    }

    @Test
    void plansTheThreeModelTestGrid() throws IOException {
        Path grid = threeModelGrid();
        CliRun p = CliRun.of("plan", grid.toString(), "--budget", "64MB", "--data", dir.resolve("data.tsv").toString(),
                "--bits", "8,4", "--block", "32", "--method", "rtn", "--requests", "10", "--json");
        assertEquals(0, p.exit(), p.toString());
        JsonObject chosen = p.json().getAsJsonObject("chosen");
        assertEquals(1.0, chosen.get("predicted").getAsDouble(), 1e-9);
        assertEquals(1.0, chosen.get("measured").getAsDouble(), 1e-9);
        assertEquals(2, chosen.getAsJsonObject("variants").size());
        JsonParser.parseString(p.out());
    }
}
