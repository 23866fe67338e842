package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The planner's choice against every combination, with and without a latency budget. */
class BudgetPlannerTest {
    private static final int EXPERTS = 4;
    private static final int VARIANTS = 5;
    private static final int EXAMPLES = 1000;
    private static final long ROUTER_BYTES = 1_000;
    private static final double GRID_FLOAT_P50 = 40;

    /** Random experts: each variant smaller than float, sometimes slower, sometimes less accurate. */
    private static SweepReport sweep(long seed) {
        Random r = new Random(seed);
        List<SweepReport.ModelRow> rows = new ArrayList<>();
        int[] examples = {400, 300, 200, 100};
        for (int e = 0; e < EXPERTS; e++) {
            long floatBytes = seed % 2 == 0 ? 80_000 : 50_000 + r.nextInt(50_000); // even seeds: equal sizes
            for (int v = 0; v < VARIANTS; v++) {
                String variant = v == 0 ? "float" : "q" + (8 >> (v - 1) | 1) + "-b32-rtn-" + v;
                long bytes = v == 0 ? floatBytes : floatBytes / (seed % 2 == 0 ? 1 + v : 2 + r.nextInt(6));
                double p50 = 10 + r.nextDouble() * 20;
                long correct = Math.round(examples[e] * (0.7 + 0.3 * r.nextDouble()));
                rows.add(new SweepReport.ModelRow("e" + e, variant, null, null, null, null, v, bytes, bytes, p50,
                        examples[e], correct / (double) examples[e], 1.0, 0.0, correct));
            }
        }
        return new SweepReport("grid.json", "data.tsv", EXAMPLES, true, true, new SweepReport.Cost(ROUTER_BYTES,
                ROUTER_BYTES), rows, List.of(new SweepReport.GridRow("float", 0, 0, GRID_FLOAT_P50, null, null, null)));
    }

    private record Combo(long bytes, double micros, double joint) {
    }

    /** Every combination of one variant per expert, with the planner's cost model. */
    private static List<Combo> all(SweepReport s) {
        List<Combo> out = new ArrayList<>();
        double floatExperts = 0;
        for (SweepReport.ModelRow m : s.models()) {
            floatExperts += m.variant().equals("float") ? m.examples() / (double) EXAMPLES * m.p50Micros() : 0;
        }
        double own = GRID_FLOAT_P50 - floatExperts;
        int combos = (int) Math.pow(VARIANTS, EXPERTS);
        for (int c = 0; c < combos; c++) {
            long bytes = ROUTER_BYTES;
            double micros = own;
            double joint = 0;
            for (int e = 0, k = c; e < EXPERTS; e++, k /= VARIANTS) {
                SweepReport.ModelRow m = s.models().get(e * VARIANTS + k % VARIANTS);
                bytes += m.residentBytes();
                micros += m.examples() / (double) EXAMPLES * m.p50Micros();
                joint += m.jointCorrect() / (double) EXAMPLES;
            }
            out.add(new Combo(bytes, micros, joint));
        }
        return out;
    }

    @Test
    void choosesTheBestCombinationWithinMemoryAndLatency() {
        BudgetPlanner planner = new BudgetPlanner();
        int checked = 0;
        int exact = 0;
        for (long seed = 1; seed <= 20; seed++) {
            SweepReport s = sweep(seed);
            List<Combo> combos = all(s);
            double fastest = combos.stream().mapToDouble(Combo::micros).min().orElseThrow();
            assertEquals(fastest, BudgetPlanner.fastestMicros(s), 1e-9);
            long largest = combos.stream().mapToLong(Combo::bytes).max().orElseThrow();
            for (double bytesShare : new double[] {0.3, 0.5, 0.8, 1.0}) {
                long budget = (long) (largest * bytesShare);
                for (Double latency : new Double[] {null, fastest + 0.5, fastest + 3, fastest + 10}) {
                    double best = combos.stream().filter(c -> c.bytes() <= budget)
                            .filter(c -> latency == null || c.micros() <= latency)
                            .mapToDouble(Combo::joint).max().orElse(-1);
                    // the slack may cost plans within (experts x slack) of the latency budget, no more
                    double tighter = latency == null ? 0 : latency - EXPERTS * BudgetPlanner.LATENCY_SLACK_MICROS;
                    double bestTighter = combos.stream().filter(c -> c.bytes() <= budget)
                            .filter(c -> latency == null || c.micros() <= tighter)
                            .mapToDouble(Combo::joint).max().orElse(-1);
                    PlanReport p = planner.plan(s, budget, latency, BudgetPlanner.Objective.JOINT);
                    if (best < 0) {
                        assertFalse(p.fits(), "nothing fits, seed " + seed);
                        assertNull(p.chosen());
                        continue;
                    }
                    String where = "seed " + seed + ", budget " + budget + ", latency " + latency;
                    if (latency == null) {
                        assertEquals(best, p.chosen().predicted(), 1e-6, "exact without a latency budget: " + where);
                    }
                    assertTrue(p.chosen().predicted() <= best + 1e-6, where);
                    assertTrue(p.chosen().predicted() >= bestTighter - 1e-6, where);
                    exact += Math.abs(p.chosen().predicted() - best) < 1e-6 ? 1 : 0;
                    assertTrue(p.chosen().bytes() <= budget, where);
                    assertTrue(latency == null || p.chosen().latencyMicros() <= latency + 0.05, where);
                    for (int i = 0; i < p.front().size(); i++) {
                        PlanReport.Plan f = p.front().get(i);
                        assertTrue(latency == null || f.latencyMicros() <= latency + 0.05, "front " + where);
                        if (i > 0) {
                            PlanReport.Plan before = p.front().get(i - 1);
                            assertTrue(before.bytes() < f.bytes() && before.predicted() < f.predicted(),
                                    "each plan of the front beats the one before: " + where);
                        }
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 200, "cases where something fits: " + checked);
        assertTrue(exact > 0.95 * checked, "the best plan itself in nearly every case: " + exact + " of " + checked);
    }

    @Test
    void theAllFloatPlanTakesTheFloatGridsLatency() {
        PlanReport p = new BudgetPlanner().plan(sweep(3), Long.MAX_VALUE, null, BudgetPlanner.Objective.JOINT);
        assertEquals(GRID_FLOAT_P50, p.allFloat().latencyMicros(), 0.05);
        assertNull(p.latencyBudgetMicros());
    }

    /** cnn_mnist today: its 4-bit form is slower and takes more memory, and answers one more example right. */
    @Test
    void aVariantLargerThanFloatIsNeverChosenAndIsReportedWorse() {
        List<SweepReport.ModelRow> rows = List.of(
                new SweepReport.ModelRow("cnn", "float", null, null, null, null, 0, 86_000, 374_000, 36.0, 100, 0.99,
                        1.0, 0.0, 99L),
                new SweepReport.ModelRow("cnn", "q4-b32-rtn", 4, 32, "rtn", false, 2, 16_000, 380_000, 50.5, 100, 1.0,
                        0.99, 0.01, 100L),
                new SweepReport.ModelRow("cnn", "q8-b32-rtn", 8, 32, "rtn", false, 2, 27_000, 349_000, 36.5, 100, 0.99,
                        1.0, 0.0, 99L));
        SweepReport s = new SweepReport("cnn.onnx", "mnist", 100, true, false, null, rows, List.of());
        assertEquals(List.of("cnn q4-b32-rtn is slower (p50 50.5 µs against 36.0 float, 1.40x) and larger in memory "
                + "(380000 bytes resident against 374000 float, +2 %)"), s.warnings());
        for (long budget : new long[] {349_000, 374_000, 400_000, 10_000_000}) {
            PlanReport p = new BudgetPlanner().plan(s, budget, BudgetPlanner.Objective.JOINT);
            assertTrue(p.front().stream().allMatch(x -> !x.variants().containsValue("q4-b32-rtn")), p.toString());
        }
    }
}
