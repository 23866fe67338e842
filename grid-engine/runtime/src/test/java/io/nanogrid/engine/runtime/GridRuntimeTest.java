package io.nanogrid.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.Image;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridRuntimeTest {
    private final OrtRuntime ort = new OrtRuntime();

    @TempDir
    Path dir;

    private static String label(GridResponse r) {
        return ((LabelAnswer) r.result()).label();
    }

    @Test
    void routesEachRequestToItsExpert() {
        try (Grid grid = Grid.open(TestGrids.threeModels(dir, null), dir, ort)) {
            GridResponse hello = grid.route(new TextRequest("Hello there, good morning"));
            assertEquals("greeting", hello.route());
            assertEquals("hello", label(hello));
            assertTrue(hello.confidence() > 0.9, "confidence " + hello.confidence());
            assertFalse(hello.degraded());
            assertNull(hello.error());
            assertEquals(2, hello.routeScores().size());

            GridResponse rain = grid.route(new TextRequest("will it rain? the forecast says cloud"));
            assertEquals("weather", rain.route());
            assertEquals("rainy", label(rain));
            assertTrue(rain.timings().total() >= rain.timings().router() + rain.timings().expert());
            assertTrue(rain.timings().router() > 0 && rain.timings().expert() > 0);
        }
    }

    @Test
    void belowTheThresholdTheFallbackAnswers() {
        // no keyword: the router gives 0.5/0.5, below the 0.6 threshold
        try (Grid abstaining = Grid.open(TestGrids.threeModels(dir, null), dir, ort)) {
            GridResponse r = abstaining.route(new TextRequest("quarterly revenue grew"));
            assertEquals(GridSpec.FALLBACK_NODE, r.route());
            assertTrue(r.fallback());
            assertNull(r.result());
            assertEquals(0.5, r.confidence(), 1e-6);
            assertFalse(r.degraded());
        }
        try (Grid withExpert = Grid.open(TestGrids.threeModels(dir, "greeting"), dir, ort)) {
            GridResponse r = withExpert.route(new TextRequest("quarterly revenue grew"));
            assertEquals("greeting", r.route());
            assertTrue(r.fallback());
            assertTrue(r.result() instanceof LabelAnswer);
        }
    }

    @Test
    void aFailingExpertGetsTypedErrorsWhileTheOthersAnswer() {
        GridSpec spec = TestGrids.threeModels(dir, null);
        TestModels.write(TestModels.failing(List.of("sunny", "rainy")), dir.resolve("weather.onnx"));
        // a clock that stands still: on the real one, a pause past the 200 ms cool-down lets a probe through
        try (Grid grid = Grid.open(spec, dir, ort, () -> 0L)) {
            for (int i = 0; i < 10; i++) {
                GridResponse bad = grid.route(new TextRequest("sunny today?"));
                assertEquals("weather", bad.route());
                assertTrue(bad.degraded());
                assertNull(bad.result());
                ErrorCode expected = i < 3 ? ErrorCode.EXPERT_FAILED : ErrorCode.CIRCUIT_OPEN;
                assertEquals(expected, bad.error().code(), "request " + i + ": " + bad.error().message());
                assertEquals("weather", bad.error().expert());

                GridResponse good = grid.route(new TextRequest("hi"));
                assertEquals("hello", label(good));
                assertNull(good.error());
            }
            ExpertStatus weather = grid.status().get(1);
            assertEquals("open", weather.state());
            assertEquals(3, weather.failures(), "the three real failures");
            assertEquals(7, weather.refused(), "the refusals of the open breaker, counted apart");
            assertTrue(weather.lastError().contains("weather.onnx"), weather.lastError());
        }
    }

    @Test
    void aFailedExpertFailsOverToTheFallbackExpert() {
        GridSpec spec = TestGrids.threeModels(dir, "greeting");
        TestModels.write(TestModels.nan(List.of("sunny", "rainy")), dir.resolve("weather.onnx"));
        try (Grid grid = Grid.open(spec, dir, ort)) {
            GridResponse r = grid.route(new TextRequest("sun and rain"));
            assertEquals("greeting", r.route());
            assertTrue(r.degraded());
            assertEquals(ErrorCode.NAN_OUTPUT, r.error().code());
            assertEquals("weather", r.routerChoice());
            assertTrue(r.result() instanceof LabelAnswer);
        }
    }

    @Test
    void aMissingModelDegradesOnlyItsRoute() throws Exception {
        GridSpec spec = TestGrids.threeModels(dir, null);
        Files.delete(dir.resolve("weather.onnx"));
        try (Grid grid = Grid.open(spec, dir, ort)) {
            assertEquals(1, grid.warnings().size());
            assertTrue(grid.warnings().get(0).contains("weather.onnx"), grid.warnings().get(0));
            assertEquals(ErrorCode.MODEL_MISSING, grid.route(new TextRequest("rain")).error().code());
            assertEquals("hello", label(grid.route(new TextRequest("hello"))));
            assertEquals("missing", grid.status().get(1).state());
        }
    }

    @Test
    void aMissingRouterIsRefusedWithItsPath() throws Exception {
        GridSpec spec = TestGrids.threeModels(dir, null);
        Files.delete(dir.resolve("router.onnx"));
        BadInputException e = assertThrows(BadInputException.class, () -> Grid.open(spec, dir, ort));
        assertTrue(e.getMessage().contains("router.onnx") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void aRequestOfTheWrongKindIsABadRequest() {
        try (Grid grid = Grid.open(TestGrids.threeModels(dir, null), dir, ort)) {
            GridResponse r = grid.route(new ImageRequest(new Image(2, 2, 1, new float[4])));
            assertEquals(ErrorCode.BAD_REQUEST, r.error().code());
            assertTrue(r.error().message().contains("takes text"), r.error().message());
        }
    }

    @Test
    void aSlowExpertTimesOut() {
        TestModels.write(TestModels.slow(List.of("sunny", "rainy"), 50_000_000L), dir.resolve("slow.onnx"));
        GridSpec spec = TestGrids.threeModels(dir, null);
        List<ExpertSpec> experts = List.of(spec.experts().get(0),
                new ExpertSpec("weather", "slow.onnx", null, null, 100L));
        try (Grid grid = Grid.open(spec.withExperts(experts), dir, ort)) {
            long t0 = System.nanoTime();
            GridResponse r = grid.route(new TextRequest("rain"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(ErrorCode.TIMEOUT, r.error().code(), String.valueOf(r.error()));
            assertTrue(ms < 5000, "the run was stopped, not waited out: " + ms + " ms");
            assertEquals("hello", label(grid.route(new TextRequest("hello"))));
        }
    }

    @Test
    void hotSwapUnderConcurrentLoadFailsNoRequest() throws Exception {
        GridSpec spec = TestGrids.threeModels(dir, null);
        // the replacement answers the opposite labels, so we can see which model answered
        Path swapped = TestModels.write(TestModels.keywordClassifier(List.of("hello", "bye"), Map.of(
                "bye", List.of("hello", "hi", "morning"), "hello", List.of("goodbye", "bye"))),
                dir.resolve("greeting-v2.onnx"));
        Path original = dir.resolve("greeting.onnx");
        int threads = 4;
        int perThread = 5_000;
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger answeredByNew = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        try (Grid grid = Grid.open(spec, dir, ort)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        GridResponse r = grid.route(new TextRequest(i % 2 == 0 ? "hello" : "sunny"));
                        if (r.error() != null || r.result() == null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, String.valueOf(r.error()));
                        } else if (r.route().equals("greeting") && label(r).equals("bye")) {
                            answeredByNew.incrementAndGet();
                        }
                    }
                });
                workers.add(w);
                w.start();
            }
            for (int swap = 0; swap < 20; swap++) {
                grid.replaceExpert("greeting", swap % 2 == 0 ? swapped : original);
                Thread.sleep(5);
            }
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(0, failed.get(), "failed requests; first: " + firstFailure.get());
            assertTrue(answeredByNew.get() > 0, "the new model answered some requests");
            assertEquals(threads * perThread, grid.status().stream().mapToLong(ExpertStatus::calls).sum());
        }
    }

    @Test
    void aReplacementThatDoesNotFitIsRefusedAndTheOldModelKeepsServing() {
        Path wrong = TestModels.write(new GraphBuilder("img")
                .input("x", ElementType.FLOAT, 1, 4)
                .output("x", ElementType.FLOAT, 1, 4).build(), dir.resolve("img.onnx"));
        try (Grid grid = Grid.open(TestGrids.threeModels(dir, null), dir, ort)) {
            BadInputException e = assertThrows(BadInputException.class, () -> grid.replaceExpert("greeting", wrong));
            assertTrue(e.getMessage().contains("greeting"), e.getMessage());
            assertEquals("hello", label(grid.route(new TextRequest("hello"))));
        }
    }
}
