package io.nanogrid.engine.runtime;

import io.nanogrid.files.BadInputException;

/**
 * A fault injected into one expert of a running grid, to watch failover, time limits and circuit
 * breakers act (the workbench's live monitor). The grid's own resilience handles it exactly as it
 * would a real failure of that kind.
 *
 * @param disabled    the expert is switched off: it answers as a missing model does (a typed
 *                    {@code model_missing} error at once, a failover to the fallback expert if the grid has
 *                    one); the circuit breaker does not count it, since refusing costs nothing
 * @param delayMillis added to every run, inside the expert's time limit: a delay at or past the limit
 *                    ends in a {@code timeout} after the limit, which the breaker counts
 * @param throwing    every run fails with an injected error ({@code expert_failed}), which the breaker counts
 */
public record Fault(boolean disabled, long delayMillis, boolean throwing) {
    /** No fault. */
    public static final Fault NONE = new Fault(false, 0, false);

    public Fault {
        if (delayMillis < 0) {
            throw new BadInputException("an added latency must be 0 ms or more, got " + delayMillis);
        }
    }

    public boolean isNone() {
        return !disabled && delayMillis == 0 && !throwing;
    }

    public static Fault disable() {
        return new Fault(true, 0, false);
    }

    public static Fault delay(long millis) {
        return new Fault(false, millis, false);
    }

    public static Fault failing() {
        return new Fault(false, 0, true);
    }

    /** A short description: "disabled", "+50 ms", "throws", or "none". */
    public String describe() {
        if (isNone()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        if (disabled) {
            b.append("disabled");
        }
        if (delayMillis > 0) {
            b.append(b.length() > 0 ? ", " : "").append('+').append(delayMillis).append(" ms");
        }
        if (throwing) {
            b.append(b.length() > 0 ? ", " : "").append("throws");
        }
        return b.toString();
    }
}
