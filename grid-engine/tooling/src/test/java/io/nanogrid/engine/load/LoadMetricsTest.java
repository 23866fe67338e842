package io.nanogrid.engine.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.runtime.ErrorCode;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.RouteError;
import io.nanogrid.engine.runtime.Timings;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rolling window and the totals, on answers with known latencies and a clock given by the test. */
class LoadMetricsTest {
    private static final long MS = 1_000_000L;
    private static final LabelAnswer ANSWER = new LabelAnswer("x", 1.0, Map.of("x", 1.0));

    private static GridResponse ok(String route, double expertMicros) {
        return new GridResponse(route, 0.99, ANSWER, new Timings(1, 1, expertMicros, expertMicros + 2), false, null,
                false, route, null);
    }

    @Test
    void percentilesOfTheWindowAndRatesOverIt() {
        LoadMetrics m = new LoadMetrics(10, 0);
        for (int i = 1; i <= 100; i++) {
            m.record(ok("a", i * 100), i * MS); // 1..100 ms end to end, 0.1..10 ms in the expert
        }
        LoadSample s = m.sample(100 * MS);
        LoadSample.Percentiles a = s.routes().get("a");
        assertEquals(100, a.count());
        assertEquals(50.0, a.p50(), 0.5);
        assertEquals(95.0, a.p95(), 1.0);
        assertEquals(99.0, a.p99(), 1.0);
        assertEquals(5.0, s.experts().get("a").p50(), 0.05);
        assertEquals(0.1, s.windowSeconds(), 1e-9);
        assertEquals(1000.0, s.throughput(), 1e-6, "100 requests in the first 100 ms");
        assertEquals(100, s.totals().requests());
        assertTrue(s.rssBytes() != 0 && s.heapUsedBytes() > 0);
    }

    @Test
    void oldIntervalsLeaveTheWindow() {
        LoadMetrics m = new LoadMetrics(3, 0);
        m.record(ok("a", 10), 900 * MS); // one slow request
        m.sample(100 * MS);
        for (int k = 2; k <= 4; k++) {
            for (int i = 0; i < 10; i++) {
                m.record(ok("a", 10), 2 * MS);
            }
            LoadSample s = m.sample(k * 100 * MS);
            if (k < 4) {
                assertEquals(900.0, s.routes().get("a").p99(), 9.0, "the slow request is still in the window");
            } else {
                assertEquals(30, s.routes().get("a").count(), "three intervals of ten");
                assertEquals(2.0, s.routes().get("a").p99(), 0.02, "the slow request has left the window");
                assertEquals(100.0, s.throughput(), 1e-6, "30 requests over the window's 300 ms");
            }
        }
        for (int k = 5; k <= 7; k++) {
            m.sample(k * 100 * MS);
        }
        LoadSample idle = m.sample(800 * MS);
        assertEquals(0, idle.routes().get("a").count());
        assertTrue(Double.isNaN(idle.routes().get("a").p50()), "no requests, no percentile");
        assertEquals(0.0, idle.throughput());
        assertEquals(31, idle.totals().requests(), "totals keep counting from the start");
    }

    @Test
    void errorsFailoversAndFallbacksAreCountedApart() {
        LoadMetrics m = new LoadMetrics(5, 0);
        m.record(ok("a", 5), MS);
        RouteError failed = new RouteError(ErrorCode.EXPERT_FAILED, "boom", "b");
        m.record(new GridResponse("b", 0.99, null, new Timings(1, 1, 1, 3), true, failed, false, "b", null), MS);
        RouteError open = new RouteError(ErrorCode.CIRCUIT_OPEN, "open", "b");
        m.record(new GridResponse("b", 0.99, null, new Timings(1, 1, 0, 2), true, open, false, "b", null), MS);
        // b failed, the fallback expert a answered
        m.record(new GridResponse("a", 0.99, ANSWER, new Timings(1, 1, 9, 11), true, failed, false, "b", null), MS);
        // low confidence: "not sure"
        m.record(new GridResponse("fallback", 0.4, null, new Timings(1, 1, 0, 2), false, null, true, "a", null), MS);
        m.record(new GridResponse(null, null, null, new Timings(1, 0, 0, 1), false,
                new RouteError(ErrorCode.BAD_REQUEST, "image", null), false, null, null), MS);
        LoadSample s = m.sample(10 * MS);
        LoadSample.Totals t = s.totals();
        assertEquals(6, t.requests());
        assertEquals(4, t.errors());
        assertEquals(3, t.degraded());
        assertEquals(1, t.failovers());
        assertEquals(1, t.fallbacks());
        assertEquals(2, t.count(ErrorCode.EXPERT_FAILED));
        assertEquals(1, t.count(ErrorCode.CIRCUIT_OPEN));
        assertEquals(0, t.count(ErrorCode.TIMEOUT));
        assertEquals(Set.of("a", "b", "fallback", LoadMetrics.NO_ROUTE), s.routes().keySet());
        assertEquals(Set.of("a", "b"), s.experts().keySet(), "\"not sure\" and no route are not experts");
        assertEquals(300.0, s.degradedPerSecond(), 1e-6);
    }

    @Test
    void theSharedEncodersStageIsASeriesOfItsOwn() {
        LoadMetrics m = new LoadMetrics(10, 0);
        m.record(ok("a", 10), 2 * MS);
        assertTrue(m.sample(10 * MS).stages().isEmpty(), "a grid without an encoder has no encoder stage");
        for (int i = 1; i <= 100; i++) {
            m.record(new GridResponse("a", 0.99, ANSWER, new Timings(1, 1, 10, 20 + i * 10, i * 10), false, null,
                    false, "a", null), 2 * MS); // the encoder: 10..1000 µs
        }
        LoadSample s = m.sample(20 * MS);
        LoadSample.Percentiles e = s.stages().get(LoadSample.ENCODER);
        assertEquals(100, e.count());
        assertEquals(0.5, e.p50(), 0.01, "milliseconds, as the other series");
        assertEquals(Set.of("a"), s.experts().keySet(), "the encoder is no expert");
    }

    @Test
    void thePacerKeepsAFixedScheduleAndSlipsInsteadOfBursting() {
        Pacer p = new Pacer(1000, 100 * MS);
        long now = 5_000 * MS;
        assertEquals(now, p.nextSlot(now));
        assertEquals(now + MS, p.nextSlot(now));
        assertEquals(now + 2 * MS, p.nextSlot(now + MS / 2), "slots do not depend on when they are taken");
        long late = now + 1_000 * MS; // a second-long pause
        assertEquals(late - 100 * MS, p.nextSlot(late), "at most 100 ms worth of overdue slots");
        assertEquals(late - 99 * MS, p.nextSlot(late));
        p.setRate(0);
        assertEquals(late, p.nextSlot(late), "unpaced: send now");
        p.setRate(10);
        assertEquals(late + 5 * MS, p.nextSlot(late + 5 * MS), "a fresh schedule after a change from unpaced");
        assertEquals(late + 105 * MS, p.nextSlot(late + 5 * MS));
    }
}
