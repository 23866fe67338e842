package io.nanogrid.engine.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Keeps a failing expert from slowing everyone else: after {@code threshold} consecutive failures
 * it opens and refuses calls at once; after the cool-down it lets one probe through (half-open),
 * which closes it on success or opens it again on failure. Lock-free; the clock is injectable.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long coolDownNanos;
    private final LongSupplier clock;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
    private volatile long openedAt;

    public CircuitBreaker(int threshold, long coolDownMillis, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.coolDownNanos = coolDownMillis * 1_000_000L;
        this.clock = nanoClock;
    }

    /** True if a call may go ahead; an open breaker past its cool-down admits exactly one probe. */
    public boolean tryAcquire() {
        State s = state.get();
        if (s == State.CLOSED) {
            return true;
        }
        return s == State.OPEN && clock.getAsLong() - openedAt >= coolDownNanos
                && state.compareAndSet(State.OPEN, State.HALF_OPEN);
    }

    public void onSuccess() {
        if (failures.get() != 0) {
            failures.set(0);
        }
        if (state.get() != State.CLOSED) {
            state.set(State.CLOSED);
        }
    }

    public void onFailure() {
        int f = failures.incrementAndGet();
        if (state.get() == State.HALF_OPEN) {
            openedAt = clock.getAsLong();
            state.set(State.OPEN);
        } else if (f >= threshold) {
            openedAt = clock.getAsLong();
            state.compareAndSet(State.CLOSED, State.OPEN);
        }
    }

    /** Back to closed with no failures counted (after the expert's model is replaced). */
    public void reset() {
        failures.set(0);
        state.set(State.CLOSED);
    }

    public State state() {
        return state.get();
    }
}
