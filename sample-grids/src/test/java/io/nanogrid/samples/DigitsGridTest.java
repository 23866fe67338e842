package io.nanogrid.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.Image;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.ErrorCode;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsGridTest {
    @TempDir
    Path dir;

    /** A "1": a vertical bar in the middle of a 28x28 image, raw 0..255 pixels. */
    static Image one() {
        float[] px = new float[28 * 28];
        for (int y = 4; y < 24; y++) {
            for (int x = 13; x < 16; x++) {
                px[y * 28 + x] = 255;
            }
        }
        return new Image(28, 28, 1, px);
    }

    private void copy(String name) throws Exception {
        Files.copy(Path.of("digits", name), dir.resolve(name));
    }

    @Test
    void withoutTheImportedModelTheHomeMadeOneAnswers() throws Exception {
        copy("grid.json");
        copy("router.onnx");
        copy("mlp.onnx");
        try (Grid grid = Grid.open(dir.resolve("grid.json"), new OrtRuntime())) {
            assertTrue(grid.warnings().get(0).contains("cnn_mnist.onnx"), grid.warnings().toString());
            GridResponse r = grid.route(new ImageRequest(one()));
            assertEquals("mlp", r.route());
            assertTrue(r.degraded());
            assertEquals(ErrorCode.MODEL_MISSING, r.error().code());
            assertEquals("1", ((LabelAnswer) r.result()).label());
        }
    }

    @Test
    void withTheImportedModelItAnswers() throws Exception {
        Path cnn = SharedData.require("models/cnn_mnist.onnx");
        copy("grid.json");
        copy("router.onnx");
        copy("mlp.onnx");
        Files.copy(cnn, dir.resolve("cnn_mnist.onnx"));
        try (Grid grid = Grid.open(dir.resolve("grid.json"), new OrtRuntime())) {
            assertTrue(grid.warnings().isEmpty(), grid.warnings().toString());
            GridResponse r = grid.route(new ImageRequest(one()));
            assertEquals("cnn_mnist", r.route());
            assertTrue(!r.degraded());
            assertEquals("1", ((LabelAnswer) r.result()).label());
        }
    }
}
