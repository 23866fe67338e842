package io.nanogrid.engine.quant;

import java.util.List;
import java.util.Map;

/**
 * What `nanogrid plan` chose.
 *
 * @param target          the grid
 * @param budgetBytes     the memory budget for the whole grid
 * @param latencyBudgetMicros the latency budget (see {@link Plan#latencyMicros}), null when none was given
 * @param objective       "joint" (the grid's joint accuracy), "experts" (mean expert accuracy) or
 *                        "agreement" (mean top-1 agreement with the float models, without labels)
 * @param costBasis       "resident" (measured resident bytes per loaded copy) or "file" bytes
 * @param fits            whether some plan fits the budget
 * @param chosen          the plan that maximizes the objective within the budget (null when none fits)
 * @param allFloat        every model float, for comparison
 * @param front           the Pareto front: each plan (within the latency budget, when there is one)
 *                        that no other beats in both bytes and objective
 */
public record PlanReport(String target, long budgetBytes, Double latencyBudgetMicros, String objective,
        String costBasis, boolean fits, Plan chosen, Plan allFloat, List<Plan> front) {

    /**
     * One choice of variant per expert.
     *
     * @param bytes            the grid's bytes: router and experts
     * @param predicted        the objective predicted from the sweep (exact for joint accuracy: the
     *                         router is float, so each example's answer depends on one expert only)
     * @param latencyMicros    the predicted latency of a request, µs: the grid's own part (router,
     *                         features, dispatch: the float grid's p50 less its experts') plus each
     *                         expert's p50 in its variant weighted by its share of the examples
     * @param measured         the objective measured by running the planned grid, or null when not run
     * @param measuredLatencyMicros the planned grid's p50 measured the way the sweep measured the float
     *                         grid's, or null when not run
     * @param variants         the variant of each expert
     */
    public record Plan(long bytes, double predicted, double latencyMicros, Double measured,
            Double measuredLatencyMicros, Map<String, String> variants) {
        public Plan withMeasured(Double m, Double micros) {
            return new Plan(bytes, predicted, latencyMicros, m, micros, variants);
        }
    }
}
