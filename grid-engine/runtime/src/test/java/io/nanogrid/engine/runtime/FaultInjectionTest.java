package io.nanogrid.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into real experts (real ONNX Runtime sessions): the grid's own time limits,
 * circuit breakers and failover act on them as on real failures, and only the faulty route suffers.
 * The test grid's breaker opens after 3 failures and cools down for 200 ms; where a test counts on the
 * breaker staying open, it drives the breakers' clock by hand rather than racing the real one.
 */
class FaultInjectionTest {
    private final OrtRuntime ort = new OrtRuntime();

    @TempDir
    Path dir;

    private static String label(GridResponse r) {
        return ((LabelAnswer) r.result()).label();
    }

    private static ExpertStatus status(Grid grid, String id) {
        return grid.status().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aThrowingExpertFailsTypedOpensItsBreakerAndRecoversWhenCleared() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (Grid grid = Grid.open(TestGrids.threeModels(dir, null), dir, ort, clock::get)) {
            grid.injectFault("weather", Fault.failing());
            assertEquals(Map.of("weather", Fault.failing()), grid.faults());
            for (int i = 0; i < 6; i++) {
                GridResponse r = grid.route(new TextRequest("rain and cloud"));
                assertEquals("weather", r.route());
                assertTrue(r.degraded());
                assertNull(r.result());
                assertEquals(i < 3 ? ErrorCode.EXPERT_FAILED : ErrorCode.CIRCUIT_OPEN, r.error().code(),
                        "request " + i + ": " + r.error().message());
                assertEquals("weather", r.error().expert());
                assertEquals("hello", label(grid.route(new TextRequest("hello"))), "the other route is untouched");
            }
            assertEquals("open", status(grid, "weather").state());
            assertTrue(status(grid, "weather").lastError().contains("injected failure"),
                    status(grid, "weather").lastError());
            assertEquals("ok", status(grid, "greeting").state());

            grid.injectFault("weather", Fault.NONE);
            assertEquals(Map.of(), grid.faults());
            clock.addAndGet(250_000_000L); // past the cool-down: the next call is the half-open probe, which succeeds
            GridResponse healed = grid.route(new TextRequest("rain and cloud"));
            assertNull(healed.error());
            assertEquals("rainy", label(healed));
            assertEquals("ok", status(grid, "weather").state());
        }
    }

    @Test
    void anOpenBreakerKeepsTheRootCauseOnceAndCountsRefusalsApartFromFailures() {
        // the breakers' clock stands still: every call after the third failure is refused
        try (Grid grid = Grid.open(TestGrids.threeModels(dir, null), dir, ort, () -> 0L)) {
            grid.injectFault("weather", Fault.failing());
            String first = null;
            for (int i = 0; i < 200; i++) {
                GridResponse r = grid.route(new TextRequest("rain and cloud"));
                if (i >= 3) {
                    assertEquals(ErrorCode.CIRCUIT_OPEN, r.error().code());
                    first = first != null ? first : r.error().message();
                    assertEquals(first, r.error().message(), "refusal " + i + " nests the one before");
                }
            }
            assertTrue(first.contains("injected failure"), "the root cause is named: " + first);
            assertTrue(first.indexOf("last error") == first.lastIndexOf("last error"), first);
            ExpertStatus weather = status(grid, "weather");
            assertTrue(weather.lastError().contains("injected failure"), weather.lastError());
            assertFalse(weather.lastError().contains("circuit breaker"), "the last error is the root cause, "
                    + "not a refusal: " + weather.lastError());
            assertEquals(3, weather.failures(), "refusals are not failures");
            assertEquals(197, weather.refused());
        }
    }

    @Test
    void anErrorTextIsBoundedWhateverTheModelSays() {
        String huge = "x".repeat(1_000_000);
        assertTrue(ErrorText.bound(huge).length() <= ErrorText.MAX_CHARS + 40, "bounded");
        assertTrue(ErrorText.bound(huge).endsWith("(999000 more characters)"), ErrorText.bound(huge).substring(990));
        assertEquals("short", ErrorText.bound("short"));
        assertNull(ErrorText.bound(null));
    }

    @Test
    void aThrowingExpertFailsOverToTheFallbackExpert() {
        try (Grid grid = Grid.open(TestGrids.threeModels(dir, "greeting"), dir, ort)) {
            grid.injectFault("weather", Fault.failing());
            GridResponse r = grid.route(new TextRequest("sunny"));
            assertEquals("greeting", r.route());
            assertEquals("weather", r.routerChoice());
            assertTrue(r.degraded());
            assertEquals(ErrorCode.EXPERT_FAILED, r.error().code());
            assertTrue(r.result() instanceof LabelAnswer, "the fallback expert answered");
        }
    }

    @Test
    void aDisabledExpertAnswersAsAMissingModelAndItsBreakerStaysClosed() {
        try (Grid grid = Grid.open(TestGrids.threeModels(dir, "greeting"), dir, ort)) {
            grid.injectFault("weather", Fault.disable());
            for (int i = 0; i < 10; i++) {
                GridResponse r = grid.route(new TextRequest("sunny"));
                assertEquals(ErrorCode.MODEL_MISSING, r.error().code(), "request " + i);
                assertTrue(r.error().message().contains("disabled"), r.error().message());
                assertEquals("greeting", r.route(), "failover to the fallback expert");
                assertTrue(r.degraded());
            }
            ExpertStatus weather = status(grid, "weather");
            assertEquals("disabled", weather.state(), "never 'open': refusing costs nothing, the breaker counts nothing");
            assertEquals(10, weather.failures());

            grid.injectFault("weather", Fault.NONE);
            GridResponse back = grid.route(new TextRequest("sunny"));
            assertNull(back.error(), "answers again at once: no breaker to cool down");
            assertEquals("sunny", label(back));
        }
    }

    @Test
    void anAddedLatencyWithinTheTimeLimitSlowsOnlyThatExpert() {
        // a delay far above what a small model takes even on a loaded machine (30 ms once lost to a 70 ms
        // greeting call at load 8), under a limit far above the delay
        GridSpec spec = TestGrids.threeModels(dir, null);
        List<ExpertSpec> experts = List.of(spec.experts().get(0),
                new ExpertSpec("weather", "weather.onnx", null, null, 600_000L));
        try (Grid grid = Grid.open(spec.withExperts(experts), dir, ort)) {
            grid.injectFault("weather", Fault.delay(3_000));
            GridResponse slow = grid.route(new TextRequest("rain"));
            assertNull(slow.error());
            assertEquals("rainy", label(slow), "still answered by its model");
            assertTrue(slow.timings().expert() >= 3_000_000, "expert stage " + slow.timings().expert() + " µs");
            assertTrue(slow.timings().total() >= slow.timings().expert());
            GridResponse fast = grid.route(new TextRequest("hello"));
            assertTrue(fast.timings().expert() < 3_000_000, "greeting " + fast.timings().expert() + " µs");
            assertEquals(Map.of("weather", Fault.delay(3_000)), grid.faults(), "the fault is on weather alone");
            assertEquals("ok", status(grid, "weather").state());
        }
    }

    @Test
    void anAddedLatencyPastTheTimeLimitTimesOutAtTheLimitAndOpensTheBreaker() {
        GridSpec spec = TestGrids.threeModels(dir, null);
        List<ExpertSpec> experts = List.of(spec.experts().get(0),
                new ExpertSpec("weather", "weather.onnx", null, null, 300L));
        // the breakers' clock stands still: the 4th request must be refused, not be a probe after the cool-down
        try (Grid grid = Grid.open(spec.withExperts(experts), dir, ort, () -> 0L)) {
            grid.injectFault("weather", Fault.delay(600_000));
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                GridResponse r = grid.route(new TextRequest("rain"));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(ErrorCode.TIMEOUT, r.error().code(), r.error().message());
                // bounds far from the work: at least the limit, and far less than the 10-minute delay
                assertTrue(ms >= 300 && ms < 120_000, "cut at the 300 ms limit, not the delay: " + ms + " ms");
            }
            GridResponse refused = grid.route(new TextRequest("rain"));
            // refused before the delay or the model: the breaker is asked first (no clock needed to tell)
            assertEquals(ErrorCode.CIRCUIT_OPEN, refused.error().code());
            assertEquals("open", status(grid, "weather").state());
        }
    }

    @Test
    void anUnknownExpertIsRefusedWithTheKnownOnes() {
        try (Grid grid = Grid.open(TestGrids.threeModels(dir, null), dir, ort)) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> grid.injectFault("wether", Fault.failing()));
            assertTrue(e.getMessage().contains("expected one of [greeting, weather]"), e.getMessage());
            assertThrows(BadInputException.class, () -> Fault.delay(-1));
            assertFalse(Fault.NONE.describe().isEmpty());
            assertEquals("disabled, +20 ms, throws", new Fault(true, 20, true).describe());
        }
    }
}
