package io.nanogrid.engine.runtime;

/**
 * An expert's health, for the canvas badges and /v1/health.
 *
 * @param id        expert id
 * @param model     the model it runs (a path or name)
 * @param state     "ok", "missing", "invalid", "open", "half-open", or "disabled" (an injected fault, see
 *                  {@link Fault})
 * @param calls     requests it was asked to answer
 * @param failures  requests it failed (errors, timeouts, NaN, missing or invalid model)
 * @param refused   requests its open circuit breaker refused at once (not failures: the expert was not run)
 * @param lastError the last failure's message (bounded, never a refusal's), or null
 */
public record ExpertStatus(String id, String model, String state, long calls, long failures, long refused,
        String lastError) {
}
