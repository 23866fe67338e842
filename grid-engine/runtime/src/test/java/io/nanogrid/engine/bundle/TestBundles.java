package io.nanogrid.engine.bundle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.TestGridsAccess;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Bundles for tests: the three-model test grid exported for real, its entries read back, and
 * hand-made zips (odd names, duplicates, symbolic links, rewritten manifests) built from them.
 */
final class TestBundles {
    static final OrtRuntime RUNTIME = new OrtRuntime();

    private TestBundles() {
    }

    /** An entry of a hand-made zip; {@code unixMode} 0 for none. */
    record Entry(String name, byte[] bytes, int unixMode) {
        Entry(String name, byte[] bytes) {
            this(name, bytes, 0);
        }
    }

    /** Writes the three-model grid into dir/grid and exports it to dir/grid.ngrid. */
    static Path exportThreeModels(Path dir) {
        try {
            Path gridDir = Files.createDirectories(dir.resolve("grid"));
            Path grid = gridDir.resolve("grid.json");
            GridFiles.write(TestGridsAccess.threeModels(gridDir), grid);
            Path bundle = dir.resolve("grid.ngrid");
            new BundleWriter(RUNTIME, RUNTIME.version()).export(grid, bundle, BitsProfile.none(), Progress.NONE);
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One keyword classifier as a grid of one expert "greeting", exported to dir/greeting.ngrid. */
    static Path exportOneModel(Path dir) {
        try {
            Path model = Files.createDirectories(dir.resolve("models")).resolve("greeting.onnx");
            TestModels.write(TestModels.keywordClassifier(List.of("hello", "bye"), Map.of("hello", List.of("hello",
                    "hi"), "bye", List.of("bye"))), model);
            return exportOneModel(dir, model, "greeting");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model file as a grid of one expert {@code id} (no router), exported to dir/ID.ngrid. */
    static Path exportOneModel(Path dir, Path model, String id) {
        try {
            Path gridDir = Files.createDirectories(dir.resolve(id));
            Files.copy(model, gridDir.resolve(id + ".onnx"), StandardCopyOption.REPLACE_EXISTING);
            GridSpec spec = new GridSpec(GridSpec.FORMAT_VERSION, id, null, null,
                    List.of(ExpertSpec.of(id, id + ".onnx", null, null)), null, null);
            GridFiles.write(spec, gridDir.resolve("grid.json"));
            Path bundle = dir.resolve(id + ".ngrid");
            new BundleWriter(RUNTIME, RUNTIME.version()).export(gridDir.resolve("grid.json"), bundle,
                    BitsProfile.none(), Progress.NONE);
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a zip, in order (java.util.zip, independent of the code under test). */
    static List<Entry> read(Path zip) {
        List<Entry> out = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                out.add(new Entry(entry.getName(), z.getInputStream(entry).readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A zip of exactly these entries (duplicates, any names, Unix modes), deflated. */
    static byte[] zip(List<Entry> entries) {
        boolean plain = entries.stream().allMatch(e -> e.unixMode() == 0)
                && entries.stream().map(Entry::name).distinct().count() == entries.size();
        return plain ? plainZip(entries) : compressZip(entries);
    }

    /** java.util.zip keeps names byte for byte (Commons Compress turns '\\' into '/' for DOS entries). */
    private static byte[] plainZip(List<Entry> entries) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            for (Entry e : entries) {
                zip.putNextEntry(new ZipEntry(e.name()));
                zip.write(e.bytes());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    /** Commons Compress writes duplicate names and Unix modes (symbolic links). */
    private static byte[] compressZip(List<Entry> entries) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(buf)) {
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.name());
                if (e.unixMode() != 0) {
                    entry.setUnixMode(e.unixMode());
                }
                zip.putArchiveEntry(entry);
                zip.write(e.bytes());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject manifest(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.name().equals("manifest.json")) {
                return JsonParser.parseString(new String(e.bytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            }
        }
        throw new AssertionError("no manifest.json");
    }

    /** The entries with manifest.json edited. */
    static List<Entry> editManifest(List<Entry> entries, Consumer<JsonObject> edit) {
        JsonObject m = manifest(entries);
        edit.accept(m);
        return replace(entries, "manifest.json", m.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * The entries with one file's bytes replaced (added at the end if absent); with {@code fixManifest}
     * its sha256 and size in the manifest are updated (added when not listed) so only the content is wrong.
     */
    static List<Entry> replace(List<Entry> entries, String name, byte[] bytes, boolean fixManifest) {
        List<Entry> out = new ArrayList<>();
        boolean found = false;
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                out.add(new Entry(name, bytes, e.unixMode()));
                found = true;
            } else {
                out.add(e);
            }
        }
        if (!found) {
            out.add(new Entry(name, bytes));
        }
        if (!fixManifest) {
            return out;
        }
        return editManifest(out, m -> {
            JsonArray files = m.getAsJsonArray("files");
            JsonObject listed = null;
            for (JsonElement f : files) {
                if (f.getAsJsonObject().get("path").getAsString().equals(name)) {
                    listed = f.getAsJsonObject();
                }
            }
            if (listed == null) {
                listed = new JsonObject();
                listed.addProperty("path", name);
                files.add(listed);
            }
            listed.addProperty("sha256", Hashes.sha256(bytes));
            listed.addProperty("size", bytes.length);
        });
    }

    static List<Entry> without(List<Entry> entries, String name) {
        return entries.stream().filter(e -> !e.name().equals(name)).toList();
    }

    static List<Entry> with(List<Entry> entries, Entry extra) {
        List<Entry> out = new ArrayList<>(entries);
        out.add(extra);
        return out;
    }
}
