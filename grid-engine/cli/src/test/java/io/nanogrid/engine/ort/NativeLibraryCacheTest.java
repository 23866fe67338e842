package io.nanogrid.engine.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.runtime.TestGridsAccess;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's native libraries are copied once into the cache folder, not into the temp folder at every start. */
class NativeLibraryCacheTest {
    private static final String ORT_LIBRARY = System.mapLibraryName("onnxruntime");

    @TempDir
    Path dir;

    private static Function<String, URL> jarResources() {
        ClassLoader loader = OrtEnvironment.class.getClassLoader();
        String platform = NativeLibraryCache.platform(System.getProperty("os.name"), System.getProperty("os.arch"));
        return name -> loader.getResource("ai/onnxruntime/native/" + platform + "/" + name);
    }

    @Test
    void copiesTheLibrariesOnceAndReplacesACopyCutShort() throws Exception {
        Path folder = dir.resolve("cache").resolve("onnxruntime").resolve("build");
        assertTrue(NativeLibraryCache.prepare(folder, jarResources()));
        Path library = folder.resolve(ORT_LIBRARY);
        long size = jarResources().apply(ORT_LIBRARY).openConnection().getContentLengthLong();
        assertTrue(size > 1_000_000, "the jar's library: " + size + " bytes");
        assertEquals(size, Files.size(library));
        assertTrue(Files.isRegularFile(folder.resolve(System.mapLibraryName("onnxruntime4j_jni"))));

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, old);
        assertTrue(NativeLibraryCache.prepare(folder, jarResources()));
        assertEquals(old, Files.getLastModifiedTime(library), "a complete copy is not written again");

        try (FileChannel c = FileChannel.open(library, StandardOpenOption.WRITE)) {
            c.truncate(4096);
        }
        assertTrue(NativeLibraryCache.prepare(folder, jarResources()));
        assertEquals(size, Files.size(library), "a copy cut short is replaced");

        byte[] good = Files.readAllBytes(library);
        try (FileChannel c = FileChannel.open(library, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {(byte) ~good[4096]}), 4096);
        }
        assertEquals(size, Files.size(library));
        assertTrue(NativeLibraryCache.prepare(folder, jarResources()));
        assertArrayEquals(good, Files.readAllBytes(library), "a copy of the right size with a wrong byte is replaced");
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(2, files.count(), "no partial files are left");
        }
    }

    @Test
    void theFolderIsNamedAfterTheLibrariesCrcAndSizeInTheJar() throws Exception {
        String key = NativeLibraryCache.key(jarResources());
        assertTrue(key != null && key.matches("[0-9a-f]{9,}-[0-9a-f]{9,}"), key);
        Path file = Files.writeString(dir.resolve(ORT_LIBRARY), "not in a jar");
        assertNull(NativeLibraryCache.key(name -> {
            try {
                return file.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new AssertionError(e);
            }
        }), "libraries outside a jar have no recorded CRC: no cached copy");
    }

    @Test
    void aFolderOthersMayWriteToIsNotUsed() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path folder = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertFalse(NativeLibraryCache.prepare(folder, jarResources()), "a folder anyone may write to");
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(0, files.count(), "nothing was copied into it");
        }
    }

    @Test
    void aJarWithoutThisPlatformsLibrariesWritesNothing() throws Exception {
        Path folder = dir.resolve("none");
        assertFalse(NativeLibraryCache.prepare(folder, name -> null));
        assertFalse(Files.exists(folder));
    }

    @Test
    void platformNamesAreOnnxRuntimes() {
        assertEquals("linux-x64", NativeLibraryCache.platform("Linux", "amd64"));
        assertEquals("linux-aarch64", NativeLibraryCache.platform("Linux", "aarch64"));
        assertEquals("osx-aarch64", NativeLibraryCache.platform("Mac OS X", "aarch64"));
        assertEquals("win-x64", NativeLibraryCache.platform("Windows 11", "amd64"));
        assertNull(NativeLibraryCache.platform("Linux", "riscv64"));
        assertNull(NativeLibraryCache.platform("FreeBSD", "amd64"));
    }

    /** Two runs of `nanogrid run` in fresh JVMs, each with its own temp folder: neither leaves anything in it. */
    @Test
    void startingOnnxRuntimeLeavesNothingInTheTempFolder() throws Exception {
        Path grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        Path cache = dir.resolve("cache");
        for (int run = 1; run <= 2; run++) {
            Path tmp = Files.createDirectories(dir.resolve("tmp" + run));
            String output = runNanogrid(grid, cache, tmp);
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "run " + run);
            }
            assertTrue(output.contains("\"route\": "), output);
        }
        try (Stream<Path> builds = Files.list(cache.resolve("onnxruntime"))) {
            List<Path> all = builds.toList();
            assertEquals(1, all.size(), all.toString());
            assertTrue(Files.isRegularFile(all.get(0).resolve(ORT_LIBRARY)), all.get(0).toString());
        }
    }

    /** In a container without a passwd entry user.home is "?": there is no cache then, and no "?" folder made. */
    @Test
    void withoutAHomeFolderNothingIsCached() throws Exception {
        Path grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Duser.home=?", "-Djava.io.tmpdir=" + work, "-cp",
                System.getProperty("java.class.path"), "io.nanogrid.engine.cli.DeviceMain", "run", grid.toString(), "--json",
                "--text", "what is the weather like tomorrow").directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("home.out").toFile());
        pb.environment().remove("NANOGRID_CACHE");
        pb.environment().remove("XDG_CACHE_HOME");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command finished");
        String output = Files.readString(dir.resolve("home.out"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertFalse(Files.exists(work.resolve("?")), "no cache under a folder named '?'");
    }

    private static String runNanogrid(Path grid, Path cache, Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), "io.nanogrid.engine.cli.DeviceMain", "run", grid.toString(), "--json",
                "--text", "what is the weather like tomorrow"));
        Path out = tmp.getParent().resolve(tmp.getFileName() + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("NANOGRID_CACHE", cache.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command finished");
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
