package io.nanogrid.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarNativesTest {
    @TempDir
    Path dir;

    @Test
    void movesOnePlatformsLibrariesOutDropsTheOthersAndKeepsTheClasses() throws Exception {
        Path jar = dir.resolve("ort.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("ai/onnxruntime/OrtSession.class", "ai/onnxruntime/native/linux-x64/lib.so",
                    "ai/onnxruntime/native/linux-x64/libjni.so", "ai/onnxruntime/native/win-x64/lib.dll",
                    "ai/onnxruntime/native/osx-aarch64/lib.dylib.dSYM/Contents/x", "GIT_COMMIT_ID")) {
                z.putNextEntry(new ZipEntry(name));
                z.write(name.getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        String own = "ai/onnxruntime/native/linux-x64/";
        Path out = dir.resolve("out.jar");
        List<Path> moved = JarNatives.split(jar, out, e -> e.startsWith(own) && e.indexOf('/', own.length()) < 0,
                e -> e.startsWith("ai/onnxruntime/native/"), dir.resolve("native"));
        assertEquals(List.of(dir.resolve("native/lib.so"), dir.resolve("native/libjni.so")), moved);
        assertEquals(own + "lib.so", Files.readString(dir.resolve("native/lib.so")));
        try (ZipFile z = new ZipFile(out.toFile())) {
            assertEquals(List.of("ai/onnxruntime/OrtSession.class", "GIT_COMMIT_ID"),
                    z.stream().map(ZipEntry::getName).toList());
        }
        assertTrue(Files.isExecutable(dir.resolve("native/lib.so")));
    }

    @Test
    void theTokenizersJarKeepsItsOwnPlatformsLibraryOnly() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        jar(jars.resolve("onnxruntime-1.jar"), "ai/onnxruntime/OrtSession.class",
                "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so");
        jar(jars.resolve("tokenizers-1.jar"), "ai/djl/huggingface/tokenizers/HuggingFaceTokenizer.class",
                "native/lib/tokenizers.properties", "native/lib/linux-x86_64/cpu/libtokenizers.so",
                "native/lib/linux-aarch64/cpu/libtokenizers.so", "native/lib/win-x86_64/cpu/tokenizers.dll",
                "native/lib/osx-aarch64/cpu/libtokenizers.dylib");
        Platform linux = new Platform("linux", "linux-x64", ".so", "linux-x86_64");
        AppInput.prepare(jars, dir.resolve("input"), List.of(), linux, new java.io.PrintWriter(System.out, true));
        try (ZipFile z = new ZipFile(dir.resolve("input/lib/tokenizers-1.jar").toFile())) {
            assertEquals(List.of("ai/djl/huggingface/tokenizers/HuggingFaceTokenizer.class",
                    "native/lib/tokenizers.properties", "native/lib/linux-x86_64/cpu/libtokenizers.so"),
                    z.stream().map(ZipEntry::getName).toList());
            // stored, for the installer's compression; the contents unchanged
            assertTrue(z.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED));
            assertEquals("native/lib/tokenizers.properties",
                    new String(z.getInputStream(z.getEntry("native/lib/tokenizers.properties")).readAllBytes(),
                            StandardCharsets.UTF_8));
        }
    }

    private static void jar(Path jar, String... names) throws Exception {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : names) {
                z.putNextEntry(new ZipEntry(name));
                z.write(name.getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
    }
}
