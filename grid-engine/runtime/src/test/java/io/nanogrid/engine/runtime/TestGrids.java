package io.nanogrid.engine.runtime;

import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.NodePosition;
import io.nanogrid.engine.grid.ResilienceSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A grid of three small models built in code: a router over "greeting" and "weather", a greeting
 * expert (hello/bye) and a weather expert (sunny/rainy).
 */
final class TestGrids {
    static final List<String> ROUTES = List.of("greeting", "weather");

    private TestGrids() {
    }

    /** Writes the three models into dir and returns the grid spec (threshold 0.6, given fallback). */
    static GridSpec threeModels(Path dir, String fallback) {
        TestModels.write(TestModels.keywordClassifier(ROUTES, Map.of(
                "greeting", List.of("hello", "hi", "goodbye", "bye", "morning"),
                "weather", List.of("rain", "sun", "sunny", "cloud", "forecast"))), dir.resolve("router.onnx"));
        TestModels.write(TestModels.keywordClassifier(List.of("hello", "bye"), Map.of(
                "hello", List.of("hello", "hi", "morning"),
                "bye", List.of("goodbye", "bye"))), dir.resolve("greeting.onnx"));
        TestModels.write(TestModels.keywordClassifier(List.of("sunny", "rainy"), Map.of(
                "sunny", List.of("sun", "sunny"),
                "rainy", List.of("rain", "cloud"))), dir.resolve("weather.onnx"));
        return new GridSpec(GridSpec.FORMAT_VERSION, "test-grid", "three models built in code",
                new RouterSpec("router.onnx", null, ROUTES, null, null, 0.6, fallback),
                List.of(ExpertSpec.of("greeting", "greeting.onnx", null, null),
                        ExpertSpec.of("weather", "weather.onnx", null, null)),
                new ResilienceSpec(2000L, 3, 200L),
                Map.of("router", new NodePosition(0, 0), "greeting", new NodePosition(300, -80),
                        "weather", new NodePosition(300, 80)));
    }
}
