package io.nanogrid.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, 1000, now::get);

    @Test
    void opensAfterConsecutiveFailuresAndClosesAfterASuccessfulProbe() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess(); // a success in between resets the count
        breaker.onFailure();
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());

        now.addAndGet(999_000_000L);
        assertFalse(breaker.tryAcquire(), "still cooling down");
        now.addAndGet(1_000_000L);
        assertTrue(breaker.tryAcquire(), "one probe after the cool-down");
        assertFalse(breaker.tryAcquire(), "only one probe at a time");
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aFailedProbeOpensItAgainForAnotherCoolDown() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        now.addAndGet(1_000_000_000L);
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        now.addAndGet(500_000_000L);
        assertFalse(breaker.tryAcquire());
        now.addAndGet(500_000_000L);
        assertTrue(breaker.tryAcquire());
    }
}
