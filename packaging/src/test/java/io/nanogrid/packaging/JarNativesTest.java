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
}
