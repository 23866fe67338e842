package io.nanogrid.engine.grid;

/**
 * How experts are kept from hurting each other.
 *
 * @param timeoutMs          default per-request expert time limit; default 1000
 * @param breakerFailures    consecutive failures that open an expert's circuit breaker; default 5
 * @param breakerCoolDownMs  how long an open breaker refuses requests before it tries one; default 5000
 */
public record ResilienceSpec(Long timeoutMs, Integer breakerFailures, Long breakerCoolDownMs) {
    public ResilienceSpec {
        timeoutMs = timeoutMs != null ? timeoutMs : 1000L;
        breakerFailures = breakerFailures != null ? breakerFailures : 5;
        breakerCoolDownMs = breakerCoolDownMs != null ? breakerCoolDownMs : 5000L;
    }

    /**
     * No time limit on a call: for batch work on the user's own machine (embedding a dataset, measuring a model),
     * where a slow call under load is still an answer, not a fault.
     */
    public static ResilienceSpec noTimeLimit() {
        return new ResilienceSpec(0L, null, null);
    }

    public static ResilienceSpec defaults() {
        return new ResilienceSpec(null, null, null);
    }
}
