package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nanogrid.engine.runtime.ErrorCode;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.RouteError;
import io.nanogrid.engine.runtime.Timings;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** `nanogrid run` never prints "route null": a request no route answered says so and why. */
class AnswersTest {
    private static String printed(GridResponse r) {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            Answers.print(r, w);
        }
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void aRequestNoRouteAnsweredPrintsNotRoutedAndTheError() {
        GridResponse failed = new GridResponse(null, null, null, new Timings(0, 5, 0, 5), true,
                new RouteError(ErrorCode.ROUTER_FAILED, "router failed: boom", null), false, null, null);
        assertEquals("""
                route       none (not routed)
                error       router_failed: router failed: boom
                timings     featurize 0.0 µs, router 5.0 µs, expert 0.0 µs, total 5.0 µs
                """, printed(failed));
    }
}
