package io.nanogrid.engine.serve;

/**
 * The answer to PUT /v1/faults/{id}: the expert's state once the fault is set (or cleared).
 *
 * @param generation the generation whose expert it is (a new bundle starts with no faults)
 * @param expert     the expert id
 * @param fault      the fault now injected: "throws", "+5 ms", "disabled" or "none"
 * @param state      ok, open, half-open, missing, invalid or disabled
 * @param calls      requests it was asked to answer
 * @param failures   requests it failed
 * @param refused    requests its open circuit breaker refused
 * @param lastError  the last failure's message, or null
 */
public record FaultState(int generation, String expert, String fault, String state, long calls, long failures,
        long refused, String lastError) {
}
