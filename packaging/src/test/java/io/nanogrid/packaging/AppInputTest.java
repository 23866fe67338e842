package io.nanogrid.packaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppInputTest {
    @TempDir
    Path dir;

    private Path jar(String name, List<String> entries) throws Exception {
        Path jar = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String e : entries) {
                z.putNextEntry(new ZipEntry(e));
                z.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aJarWithNothingButItsManifestIsAShell() throws Exception {
        assertTrue(AppInput.manifestOnly(jar("javafx-base-21.jar", List.of("META-INF/", "META-INF/MANIFEST.MF"))));
        assertFalse(AppInput.manifestOnly(jar("javafx-base-21-linux.jar", List.of("META-INF/MANIFEST.MF",
                "javafx/beans/Observable.class"))));
        assertFalse(AppInput.manifestOnly(jar("res.jar", List.of("META-INF/MANIFEST.MF", "styles/a.css"))));
    }

    @Test
    void aSampleGridIsCopiedWithoutTheLabsQuantizedVariants() throws Exception {
        Path grid = dir.resolve("text-assistant");
        Files.createDirectories(grid.resolve("experts"));
        Files.createDirectories(grid.resolve("quantized"));
        Files.writeString(grid.resolve("grid.json"), "{}");
        Files.writeString(grid.resolve("experts/spam.onnx"), "model");
        Files.writeString(grid.resolve("quantized/spam.q4-b32-rtn.onnx"), "variant");
        Path to = dir.resolve("out/text-assistant");
        AppInput.copySample(grid, to);
        assertTrue(Files.isRegularFile(to.resolve("grid.json")));
        assertTrue(Files.isRegularFile(to.resolve("experts/spam.onnx")));
        assertFalse(Files.exists(to.resolve("quantized")), "the lab's variants stay in the clone");
    }
}
