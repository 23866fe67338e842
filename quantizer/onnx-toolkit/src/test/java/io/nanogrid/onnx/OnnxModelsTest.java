package io.nanogrid.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelsTest {
    @TempDir
    Path dir;

    private static ModelProto small() {
        GraphBuilder g = new GraphBuilder("g");
        g.input("x", ElementType.FLOAT, "batch", 4);
        g.floats("w", new long[] {4, 3}, new float[12]);
        g.node("MatMul", List.of("x", "w"), List.of("y"));
        g.output("y", ElementType.FLOAT, "batch", 3);
        return g.metadata("k", "v").build();
    }

    @Test
    void writesAtomicallyAndReadsBack() throws Exception {
        Path file = dir.resolve("m.onnx");
        OnnxModels.write(small(), file);
        assertEquals(small(), OnnxModels.read(file));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void refusesMissingEmptyTruncatedAndRandomFilesNamingThem() throws Exception {
        Path missing = dir.resolve("missing.onnx");
        assertMessage(missing, "missing.onnx", "file not found");

        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertMessage(empty, "empty.onnx", "empty");

        byte[] full = small().toByteArray();
        Path truncated = Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(full, full.length / 2));
        assertMessage(truncated, "truncated.onnx", "not a valid ONNX file");

        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.onnx"), noise);
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxModels.read(random));
        assertTrue(e.getMessage().contains("random.onnx"), e.getMessage());

        assertMessage(dir, dir.getFileName().toString(), "directory");
    }

    private static void assertMessage(Path file, String name, String what) {
        BadInputException e = assertThrows(BadInputException.class, () -> OnnxModels.read(file));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains(what), e.getMessage());
    }
}
