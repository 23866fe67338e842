package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.files.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bits per weight chosen for an average: the least loss, checked against every combination. */
class BitsPlannerTest {
    private static Sensitivity.Row row(String name, long values, double e8, double e4, double e2) {
        return new Sensitivity.Row(name, "MatMul", values, Map.of(8, e8, 4, e4, 2, e2),
                Map.of(8, 9.0, 4, 5.0, 2, 3.0));
    }

    private static final Sensitivity S = new Sensitivity("cal.txt", 8, 32, List.of(8, 4, 2), List.of(
            row("embedding", 1000, 0.001, 0.01, 0.05),
            row("sensitive", 200, 0.002, 0.05, 0.6),
            row("robust", 400, 0.001, 0.004, 0.02),
            row("head", 100, 0.01, 0.2, 0.9)));

    @Test
    void theChoiceMeetsTheAverageWithTheLeastLossOfEveryCombination() {
        for (double target : new double[] {3.0, 3.5, 4.0, 5.0, 6.5, 8.0}) {
            BitsPlanner.Plan p = BitsPlanner.plan(S, target);
            assertTrue(p.bitsPerWeight() <= target + 1e-9, target + ": " + p);
            double best = Double.POSITIVE_INFINITY;
            for (int[] combo : combinations(S.rows().size())) {
                double bits = 0;
                double values = 0;
                double loss = 0;
                for (int i = 0; i < combo.length; i++) {
                    Sensitivity.Row r = S.rows().get(i);
                    bits += r.values() * r.bitsPerWeight().get(combo[i]);
                    values += r.values();
                    loss += r.error().get(combo[i]) * r.error().get(combo[i]);
                }
                if (bits / values <= target + 1e-9) {
                    best = Math.min(best, loss);
                }
            }
            assertEquals(Math.sqrt(best), p.predictedError(), 1e-9, "target " + target + ": " + p.bits());
        }
        BitsPlanner.Plan three = BitsPlanner.plan(S, 3.5);
        assertEquals(4, three.bits().get("sensitive"), three.bits().toString());
        assertEquals(2, three.bits().get("embedding"), "the big robust weights go narrowest first");
    }

    private static List<int[]> combinations(int n) {
        List<int[]> out = new ArrayList<>();
        int[] widths = {8, 4, 2};
        for (int code = 0; code < Math.pow(3, n); code++) {
            int[] c = new int[n];
            for (int i = 0, x = code; i < n; i++, x /= 3) {
                c[i] = widths[x % 3];
            }
            out.add(c);
        }
        return out;
    }

    @Test
    void targetsOutsideTwoToEightOrBelowTheNarrowestAreRefused() {
        for (double bad : new double[] {1.9, 8.5, Double.NaN}) {
            BadInputException e = assertThrows(BadInputException.class, () -> BitsPlanner.plan(S, bad));
            assertTrue(e.getMessage().startsWith("--target-bpw"), e.getMessage());
        }
        BadInputException e = assertThrows(BadInputException.class, () -> BitsPlanner.plan(S, 2.5));
        assertTrue(e.getMessage().contains("at least 3.000 bits per weight at block 32"), e.getMessage());
    }
}
