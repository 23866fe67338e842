package io.nanogrid.engine.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    @Test
    void matchesHandComputedMetrics() {
        // truth:     a a a b b c
        // predicted: a a b b c -   (the last one unanswered)
        ConfusionMatrix m = new ConfusionMatrix(List.of("c", "b", "a"));
        m.add("a", "a");
        m.add("a", "a");
        m.add("a", "b");
        m.add("b", "b");
        m.add("b", "c");
        m.add("c", null);
        assertEquals(List.of("c", "b", "a"), m.labels());
        assertEquals(3.0 / 6, m.accuracy(), 1e-12);
        assertEquals(1, m.unanswered());
        assertArrayEquals(new long[][] {{0, 0, 0}, {1, 1, 0}, {0, 1, 2}}, m.matrix());
        // a: p 2/2 r 2/3 f1 0.8; b: p 1/2 r 1/2 f1 0.5; c: p 0/1 r 0/1 f1 0
        assertEquals((0.8 + 0.5 + 0) / 3, m.macroF1(), 1e-12);
        ClassMetrics b = m.perClass().get(1);
        assertEquals(0.5, b.precision(), 1e-12);
        assertEquals(2, b.support());
    }
}
