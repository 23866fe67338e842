package io.nanogrid.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.NodePosition;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.TestGridsAccess;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.files.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {
    @TempDir
    Path dir;

    private final BundleWriter writer = new BundleWriter(TestBundles.RUNTIME, TestBundles.RUNTIME.version());
    private final BundleReader reader = new BundleReader(TestBundles.RUNTIME, BundleLimits.defaults());

    private Path threeModelGrid() throws Exception {
        Path gridDir = Files.createDirectories(dir.resolve("grid"));
        Path grid = gridDir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(gridDir), grid);
        return grid;
    }

    @Test
    void writesAFixedLayoutWithFixedTimesAndNoExtraFields() throws Exception {
        Path bundle = dir.resolve("g.ngrid");
        ExportReport r = writer.export(threeModelGrid(), bundle, BitsProfile.none(), Progress.NONE);
        assertEquals(List.of("models/router.onnx", "models/greeting.onnx", "models/weather.onnx"), r.models());
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                names.add(entry.getName());
                assertNull(entry.getExtra(), entry.getName());
                assertNull(entry.getComment(), entry.getName());
                assertEquals(LocalDateTime.of(2026, 1, 1, 0, 0), entry.getTimeLocal(), entry.getName());
                assertEquals(ZipEntry.DEFLATED, entry.getMethod());
            }
            assertEquals(List.of("manifest.json", "grid.json", "models/greeting.onnx", "models/router.onnx",
                    "models/weather.onnx"), names);
        }
        assertEquals(Files.size(bundle), r.bytes());
        assertEquals(Hashes.sha256(Files.readAllBytes(bundle)), r.sha256());
    }

    @Test
    void theSameGridGivesTheSameBytes() throws Exception {
        Path grid = threeModelGrid();
        Path a = dir.resolve("a.ngrid");
        Path b = dir.resolve("b.ngrid");
        writer.export(grid, a, BitsProfile.none(), Progress.NONE);
        // the same grid saved again with its layout in another order, and the models touched
        GridSpec spec = GridFiles.read(grid);
        Map<String, NodePosition> reversed = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(spec.layout().keySet());
        Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, spec.layout().get(k)));
        Files.writeString(grid, Json.gson().toJson(spec.withLayout(reversed)));
        Files.setLastModifiedTime(grid.resolveSibling("router.onnx"), FileTime.fromMillis(0));
        writer.export(grid, b, BitsProfile.none(), Progress.NONE);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void layoutKeysAreSortedWhateverTheMapOrder() {
        Map<String, NodePosition> layout = new LinkedHashMap<>();
        layout.put("weather", new NodePosition(1, 2));
        layout.put("router", new NodePosition(0, 0));
        layout.put("greeting", new NodePosition(3, 4));
        String json = new String(BundleJson.bytes(Map.of("layout", layout)), StandardCharsets.UTF_8);
        assertTrue(json.indexOf("greeting") < json.indexOf("router") && json.indexOf("router") < json.indexOf(
                "weather"), json);
    }

    @Test
    void theManifestRecordsChecksumsProvenanceFeaturizersAndTheTargetProfile() throws Exception {
        Path grid = threeModelGrid();
        Path profile = Files.writeString(dir.resolve("bits.json"), "{\"greeting\": 4, \"weather\": \"8\"}");
        Path bundle = dir.resolve("g.ngrid");
        ExportReport r = writer.export(grid, bundle, BitsProfile.read(profile), Progress.NONE);
        List<TestBundles.Entry> entries = TestBundles.read(bundle);
        BundleManifest m = Json.gson().fromJson(new String(entries.get(0).bytes(), StandardCharsets.UTF_8),
                BundleManifest.class);
        assertEquals(1, m.formatVersion());
        assertEquals(4, m.files().size());
        for (BundleFile f : m.files()) {
            byte[] bytes = entries.stream().filter(e -> e.name().equals(f.path())).findFirst().orElseThrow().bytes();
            assertEquals(Hashes.sha256(bytes), f.sha256(), f.path());
            assertEquals(bytes.length, f.size(), f.path());
        }
        assertEquals(Map.of("router", "float", "greeting", "4", "weather", "8"), m.target().bits());
        assertFalse(m.target().quantized());
        assertEquals("0.1.0", m.target().minRuntimeVersion());
        assertEquals(TestBundles.RUNTIME.version(), m.target().onnxRuntimeVersion());
        BundleModel greeting = m.models().stream().filter(x -> x.node().equals("greeting")).findFirst().orElseThrow();
        assertEquals("greeting.onnx", greeting.source());
        assertTrue(greeting.provenance().containsKey("nanogrid.output"), greeting.provenance().toString());
        assertTrue(greeting.estimatedBytes() < m.models().get(0).estimatedBytes(), "4 bits estimate below float");
        assertEquals(r.memoryEstimateBytes(), m.target().memoryEstimateBytes());
        // grid.json: bundle paths, featurizer and labels written out, and the same grid as the manifest's
        GridSpec bundled = GridFiles.parse(new String(entries.get(1).bytes(), StandardCharsets.UTF_8), "grid.json");
        assertEquals(m.grid(), bundled);
        ExpertSpec e = bundled.expert("greeting").orElseThrow();
        assertEquals("models/greeting.onnx", e.model());
        assertEquals(4096, ((TextHashedNgramsSpec) e.input()).buckets());
        assertEquals(List.of("hello", "bye"), ((LabelsSpec) e.output()).labels());
        assertEquals("models/router.onnx", bundled.router().model());
        // round trip of the persisted record
        assertEquals(m, Json.gson().fromJson(Json.gson().toJson(m), BundleManifest.class));
    }

    @Test
    void anExtractedBundleOpensAndRoutes() throws Exception {
        Path bundle = dir.resolve("g.ngrid");
        writer.export(threeModelGrid(), bundle, BitsProfile.none(), Progress.NONE);
        ExtractedBundle x = reader.extract(bundle, dir.resolve("imported"), Progress.NONE);
        assertEquals(dir.resolve("imported").resolve("grid.json"), x.gridFile());
        try (Grid g = Grid.open(x.gridFile(), TestBundles.RUNTIME)) {
            assertEquals(List.of(), g.warnings());
            GridResponse hello = g.route(new TextRequest("hello there"));
            assertEquals("greeting", hello.route());
            GridResponse rain = g.route(new TextRequest("rain and cloud"));
            assertEquals("weather", rain.route());
        }
    }

    @Test
    void theRealUserModelExportsAndVerifies() throws Exception {
        Path cnn = SharedData.require("models/cnn_mnist.onnx");
        Path gridDir = Files.createDirectories(dir.resolve("digits"));
        Files.copy(cnn, gridDir.resolve("cnn_mnist.onnx"));
        GridSpec spec = new GridSpec(1, "digits", null, null, List.of(ExpertSpec.of("digits", "cnn_mnist.onnx", null,
                null)), null, null);
        GridFiles.write(spec, gridDir.resolve("grid.json"));
        Path bundle = dir.resolve("digits.ngrid");
        writer.export(gridDir.resolve("grid.json"), bundle, BitsProfile.parse("{\"digits\": 4}", "bits"),
                Progress.NONE);
        BundleReport r = reader.verify(bundle, Progress.NONE);
        assertEquals(List.of("models/digits.onnx"), r.models());
        assertEquals("digits", r.grid());
        BundleManifest m = Json.gson().fromJson(new String(TestBundles.read(bundle).get(0).bytes(),
                StandardCharsets.UTF_8), BundleManifest.class);
        assertEquals("pytorch 1.1", m.models().get(0).producer());
        assertEquals(Map.of("ai.onnx", 9L), m.models().get(0).opsets());
        assertEquals(21_842L, m.models().get(0).parameters());
    }

    @Test
    void expertsSharingAFileStoreItOnce() throws Exception {
        Path grid = threeModelGrid();
        GridSpec spec = GridFiles.read(grid);
        GridSpec shared = spec.withExperts(List.of(spec.experts().get(0), ExpertSpec.of("weather", "greeting.onnx",
                null, null)));
        GridFiles.write(shared, grid);
        ExportReport r = writer.export(grid, dir.resolve("g.ngrid"), BitsProfile.none(), Progress.NONE);
        assertEquals(List.of("models/router.onnx", "models/greeting.onnx"), r.models());
        BundleReport v = reader.verify(dir.resolve("g.ngrid"), Progress.NONE);
        assertEquals(2, v.models().size());
    }

    @Test
    void refusesBadProfilesAndBrokenModelsWithoutWritingAnything() throws Exception {
        Path grid = threeModelGrid();
        Path out = dir.resolve("g.ngrid");
        BadInputException unknown = assertThrows(BadInputException.class, () -> writer.export(grid, out,
                BitsProfile.parse("{\"spam\": 4}", "bits.json"), Progress.NONE));
        assertEquals("bits.json: 'spam' is not an expert of the grid; expected one of [greeting, router, weather]",
                unknown.getMessage());
        BadInputException value = assertThrows(BadInputException.class, () -> BitsProfile.parse(
                "{\"greeting\": 3}", "bits.json"));
        assertEquals("bits.json: greeting: expected 8, 4, 2 or \"float\", got 3", value.getMessage());
        Files.write(grid.resolveSibling("weather.onnx"), new byte[] {8, 1, 18, 3, 1, 2});
        BadInputException broken = assertThrows(BadInputException.class, () -> writer.export(grid, out,
                BitsProfile.none(), Progress.NONE));
        assertTrue(broken.getMessage().contains("weather.onnx"), broken.getMessage());
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("grid")), s.toList(), "no temporary file left");
        }
    }
}
