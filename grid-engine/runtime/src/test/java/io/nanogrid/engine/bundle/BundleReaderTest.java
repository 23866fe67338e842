package io.nanogrid.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.onnx.ElementType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a bundle is refused: a clear one-line message naming the bundle and the entry or field,
 * and nothing written next to the target (the import folder's parent holds exactly what it held).
 */
class BundleReaderTest {
    @TempDir
    Path dir;

    private Path good;
    private List<TestBundles.Entry> entries;
    private Path out;

    @BeforeEach
    void export() throws IOException {
        good = TestBundles.exportThreeModels(dir);
        entries = TestBundles.read(good);
        out = Files.createDirectories(dir.resolve("out"));
    }

    private BundleReader reader(BundleLimits limits) {
        return new BundleReader(TestBundles.RUNTIME, limits);
    }

    /** Imports the zip of these entries, expects a refusal containing {@code fragment}, and checks nothing was left. */
    private String refused(List<TestBundles.Entry> zipEntries, String fragment) {
        return refused(TestBundles.zip(zipEntries), BundleLimits.defaults(), fragment);
    }

    private String refused(byte[] zip, BundleLimits limits, String fragment) {
        Path bundle = TestBundles.write(dir.resolve("bad.ngrid"), zip);
        BadInputException e = assertThrows(BadInputException.class, () -> reader(limits).extract(bundle,
                out.resolve("grid"), Progress.NONE));
        String m = e.getMessage();
        assertTrue(m.startsWith(bundle.toString()) || m.startsWith("cannot read bundle " + bundle), m);
        assertTrue(m.contains(fragment), "'" + fragment + "' in: " + m);
        assertEquals(1, m.lines().count(), m);
        assertEquals(List.of(), list(out), "nothing written beside the target");
        BadInputException v = assertThrows(BadInputException.class, () -> reader(limits).verify(bundle,
                Progress.NONE));
        assertEquals(m, v.getMessage(), "verify and import refuse alike");
        return m;
    }

    private static byte[] read(Path file) {
        return assertDoesNotThrow(() -> Files.readAllBytes(file));
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theGoodBundleImports() {
        ExtractedBundle x = reader(BundleLimits.defaults()).extract(good, out.resolve("grid"), Progress.NONE);
        assertEquals(List.of(out.resolve("grid")), list(out));
        assertEquals(5, x.report().entries());
        try (Stream<Path> s = Files.walk(x.dir())) {
            assertEquals(List.of("grid.json", "manifest.json", "models/greeting.onnx", "models/router.onnx",
                    "models/weather.onnx"), s.filter(Files::isRegularFile).map(p -> x.dir().relativize(p).toString()
                            .replace('\\', '/')).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (TestBundles.Entry e : entries) {
            assertArrayEquals(e.bytes(), read(x.dir().resolve(e.name())), e.name());
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> perms = assertDoesNotThrow(() -> Files.getPosixFilePermissions(x.dir()));
            assertEquals(assertDoesNotThrow(() -> Files.getPosixFilePermissions(Files.createDirectory(dir.resolve(
                    "plain")))), perms, "the imported folder has the usual permissions, not a temp folder's");
        }
        BadInputException again = assertThrows(BadInputException.class, () -> reader(BundleLimits.defaults())
                .extract(good, out.resolve("grid"), Progress.NONE));
        assertTrue(again.getMessage().contains("exists and is not an empty folder; nothing was written"),
                again.getMessage());
        assertEquals(List.of(out.resolve("grid")), list(out));
    }

    @Test
    void pathsThatEscapeTheFolderAreRefused() {
        refused(TestBundles.with(entries, new TestBundles.Entry("../evil.txt", new byte[1])),
                "entry '../evil.txt' escapes the folder");
        refused(TestBundles.with(entries, new TestBundles.Entry("models/../../evil.txt", new byte[1])),
                "escapes the folder");
        refused(TestBundles.with(entries, new TestBundles.Entry("/etc/evil", new byte[1])),
                "entry '/etc/evil' is an absolute path");
        refused(TestBundles.with(entries, new TestBundles.Entry("C:/evil.txt", new byte[1])),
                "starts with a drive letter");
        refused(TestBundles.with(entries, new TestBundles.Entry("models\\evil.onnx", new byte[1])),
                "has a backslash");
        refused(TestBundles.with(entries, new TestBundles.Entry("models/", new byte[0])),
                "empty or '.' path segment");
        refused(TestBundles.with(entries, new TestBundles.Entry("a\u0000b", new byte[1])), "characters other than");
    }

    @Test
    void symbolicLinksAreRefused() {
        refused(TestBundles.with(entries, new TestBundles.Entry("models/link.onnx",
                "/etc/passwd".getBytes(StandardCharsets.UTF_8), 0120777)), "entry 'models/link.onnx' is a symbolic link");
    }

    @Test
    void duplicateEntriesAreRefused() {
        refused(TestBundles.with(entries, entries.get(2)), "entry '" + entries.get(2).name() + "' appears twice");
        refused(TestBundles.with(entries, new TestBundles.Entry("models/Router.onnx", entries.get(3).bytes())),
                "'models/Router.onnx' appears twice");
    }

    @Test
    void entriesOverTheSizeLimitsAreRefused() {
        BundleLimits small = new BundleLimits(1 << 30, 1000, 20_000, 1 << 30, 200, 1 << 20, 1 << 20);
        int greeting = entries.stream().filter(e -> e.name().equals("models/greeting.onnx")).findFirst().orElseThrow()
                .bytes().length;
        assertTrue(greeting > 20_000, "the test needs a model over the limit: " + greeting);
        refused(TestBundles.zip(entries), small, "entry 'models/greeting.onnx' says it holds " + greeting
                + " bytes, over the per-entry limit of 20000");
        // an entry that inflates to more than the manifest says is cut off as it inflates
        List<TestBundles.Entry> lying = TestBundles.editManifest(entries, m -> m.getAsJsonArray("files").get(1)
                .getAsJsonObject().addProperty("size", 100));
        refused(lying, "models/greeting.onnx: holds more than the 100 bytes manifest.json declares");
        BundleLimits few = new BundleLimits(1 << 30, 4, 1 << 30, 1 << 30, 200, 1 << 20, 1 << 20);
        refused(TestBundles.zip(entries), few, "more than 4 entries");
        BundleLimits total = new BundleLimits(1 << 30, 1000, 1 << 30, 50_000, 200, 1 << 20, 1 << 20);
        refused(TestBundles.zip(entries), total, "over the limit of 50000");
        BundleLimits archive = new BundleLimits(1000, 1000, 1 << 30, 1 << 30, 200, 1 << 20, 1 << 20);
        refused(TestBundles.zip(entries), archive, "over the limit of 1000");
    }

    @Test
    void manyEntriesAreRefusedBeforeTheZipLibraryReadsThem() throws IOException {
        List<TestBundles.Entry> many = new ArrayList<>(entries);
        for (int i = 0; i < 5000; i++) {
            many.add(new TestBundles.Entry("e/" + i, new byte[0]));
        }
        byte[] zip = TestBundles.zip(many);
        Path bundle = TestBundles.write(dir.resolve("many.ngrid"), zip);
        assertEquals(1001, CentralDirectory.count(bundle, 1000));
        assertEquals(entries.size(), CentralDirectory.count(good, 1000));
        assertEquals(CentralDirectory.UNKNOWN, CentralDirectory.count(TestBundles.write(dir.resolve("junk.ngrid"),
                new byte[100]), 1000));
        refused(zip, BundleLimits.defaults(), "more than 1000 entries");
    }

    @Test
    void zipBombsAreRefusedWhileInflating() {
        byte[] zeros = new byte[64 << 20];
        List<TestBundles.Entry> bomb = TestBundles.replace(entries, "extra/zeros.bin", zeros, true);
        String m = refused(bomb, "extra/zeros.bin: compression ratio over 200:1 (a zip bomb?)");
        assertTrue(m.startsWith(dir.resolve("bad.ngrid") + ": extra/zeros.bin"), m);
    }

    @Test
    void unknownVersionsAndSchemaErrorsAreRefused() {
        refused(TestBundles.editManifest(entries, m -> m.addProperty("formatVersion", 2)),
                "manifest.json: formatVersion 2 is not supported by this nanogrid (it reads version 1)");
        refused(TestBundles.editManifest(entries, m -> m.addProperty("signature", "x")),
                "manifest.json: signature: unknown field");
        refused(TestBundles.editManifest(entries, m -> m.getAsJsonArray("files").get(0).getAsJsonObject()
                .addProperty("size", "big")), "manifest.json: files[0].size: expected a whole number");
        refused(TestBundles.replace(entries, "manifest.json", "{".getBytes(StandardCharsets.UTF_8), false),
                "manifest.json: not valid JSON");
        refused(TestBundles.without(entries, "manifest.json"), "no manifest.json");
        refused(TestBundles.editManifest(entries, m -> m.getAsJsonObject("grid").getAsJsonObject("router")
                .addProperty("model", "../router.onnx")), "grid.router.model: '../router.onnx' is not a model file");
        String m = refused(TestBundles.editManifest(entries, x -> x.getAsJsonObject("grid").getAsJsonObject("router")
                .addProperty("scores", "auto\nnanogrid: ok")), "grid.router.scores: expected one of");
        assertTrue(m.contains("auto\\u000ananogrid: ok"), m);
    }

    @Test
    void missingUnexpectedAndWrongFilesAreRefused() {
        refused(TestBundles.without(entries, "models/weather.onnx"),
                "models/weather.onnx is listed in manifest.json but missing from the bundle");
        refused(TestBundles.with(entries, new TestBundles.Entry("notes.txt", new byte[3])),
                "unexpected entry 'notes.txt' (not listed in manifest.json)");
        byte[] model = entries.get(3).bytes().clone();
        model[model.length / 2] ^= 1;
        refused(TestBundles.replace(entries, entries.get(3).name(), model, false),
                entries.get(3).name() + ": checksum mismatch");
        refused(TestBundles.replace(entries, "grid.json", "{\"formatVersion\": 1, \"name\": \"x\"}".getBytes(
                StandardCharsets.UTF_8), true), "grid.json: the grid has no expert yet");
    }

    @Test
    void nullsInGridJsonAreRefusedClearly() {
        refused(TestBundles.replace(entries, "grid.json", "{\"formatVersion\": 1, \"name\": \"x\", \"experts\": [null]}"
                .getBytes(StandardCharsets.UTF_8), true), "grid.json: ");
        refused(TestBundles.editManifest(entries, m -> m.getAsJsonArray("files").add(JsonNull.INSTANCE)),
                "manifest.json: files[4]: null is not allowed in a list");
    }

    @Test
    void adapterMetadataThatBreaksTheEngineIsARefusalNotACrash() throws IOException {
        // the expert's output decoder comes from the model's metadata, which holds labels [null]
        Path bundle = TestBundles.exportOneModel(dir.resolve("one"));
        List<TestBundles.Entry> one = TestBundles.read(bundle);
        byte[] model = one.stream().filter(e -> e.name().equals("models/greeting.onnx")).findFirst().orElseThrow()
                .bytes();
        OnnxMl.ModelProto.Builder b = OnnxMl.ModelProto.parseFrom(model).toBuilder();
        for (int i = 0; i < b.getMetadataPropsCount(); i++) {
            if (b.getMetadataProps(i).getKey().equals("nanogrid.output")) {
                b.setMetadataProps(i, b.getMetadataProps(i).toBuilder().setValue("{\"kind\": \"labels\", "
                        + "\"labels\": [null]}"));
            }
        }
        List<TestBundles.Entry> broken = TestBundles.replace(one, "models/greeting.onnx", b.build().toByteArray(),
                true);
        String grid = new String(one.stream().filter(e -> e.name().equals("grid.json")).findFirst().orElseThrow()
                .bytes(), StandardCharsets.UTF_8);
        JsonObject g = JsonParser.parseString(grid).getAsJsonObject();
        g.getAsJsonArray("experts").get(0).getAsJsonObject().remove("output");
        broken = TestBundles.replace(broken, "grid.json", g.toString().getBytes(StandardCharsets.UTF_8), true);
        broken = TestBundles.editManifest(broken, m -> m.add("grid", g));
        refused(broken, "expert 'greeting' (models/greeting.onnx): metadata nanogrid.output: labels[0]: null is not "
                + "allowed in a list");

        // and export of such a model says which expert, instead of failing inside
        Path gridDir = Files.createDirectories(dir.resolve("exp"));
        Files.write(gridDir.resolve("greeting.onnx"), b.build().toByteArray());
        Files.writeString(gridDir.resolve("grid.json"), "{\"formatVersion\": 1, \"name\": \"g\", \"experts\": "
                + "[{\"id\": \"greeting\", \"model\": \"greeting.onnx\"}]}");
        BadInputException e = assertThrows(BadInputException.class, () -> new BundleWriter(TestBundles.RUNTIME,
                "x").export(gridDir.resolve("grid.json"), dir.resolve("exp.ngrid"), BitsProfile.none(), Progress.NONE));
        assertTrue(e.getMessage().startsWith("expert 'greeting' (greeting.onnx): metadata nanogrid.output: labels[0]: "
                + "null is not allowed"), e.getMessage());
    }

    @Test
    void modelsThatDoNotLoadAreRefusedByEntryName() {
        refused(TestBundles.replace(entries, "models/weather.onnx", new byte[] {8, 7, 18, 2, 1, 2}, true),
                "cannot read model models/weather.onnx: not an ONNX model");
        byte[] garbage = new byte[4000];
        new Random(7).nextBytes(garbage);
        refused(TestBundles.replace(entries, "models/weather.onnx", garbage, true), "models/weather.onnx: not a valid ONNX file");
    }

    @Test
    void aModelTheRuntimeRefusesIsNamedByItsEntryWithItsFolder() {
        GraphBuilder g = new GraphBuilder("unknown-op").opset("", 13);
        g.input("x", ElementType.FLOAT, "batch", 4);
        g.node("NoSuchOperator", List.of("x"), List.of("y"));
        g.output("y", ElementType.FLOAT, "batch", 4);
        String m = refused(TestBundles.replace(entries, "models/weather.onnx", g.build().toByteArray(), true),
                "models/weather.onnx");
        assertFalse(m.replace("models/weather.onnx", "").contains("weather.onnx"), "the entry named whole: " + m);
    }

    @Test
    void notAZipIsRefused() throws IOException {
        refused("not a zip at all".getBytes(StandardCharsets.UTF_8), BundleLimits.defaults(), "not a valid zip");
        byte[] zip = Files.readAllBytes(good);
        refused(Arrays.copyOf(zip, zip.length / 2), BundleLimits.defaults(), "");
        BadInputException none = assertThrows(BadInputException.class, () -> reader(BundleLimits.defaults())
                .verify(dir.resolve("absent.ngrid"), Progress.NONE));
        assertEquals("cannot read bundle " + dir.resolve("absent.ngrid") + ": file not found", none.getMessage());
    }

    @Test
    void anEmptyTargetFolderIsUsedAndAMissingParentRefused() throws IOException {
        Path empty = Files.createDirectories(out.resolve("grid"));
        reader(BundleLimits.defaults()).extract(good, empty, Progress.NONE);
        assertTrue(Files.exists(empty.resolve("grid.json")));
        List<Path> before = new ArrayList<>(list(dir));
        BadInputException e = assertThrows(BadInputException.class, () -> reader(BundleLimits.defaults())
                .extract(good, dir.resolve("no/such/grid"), Progress.NONE));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(before, list(dir), "no folder was created");
    }
}
