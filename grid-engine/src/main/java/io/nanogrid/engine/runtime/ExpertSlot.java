package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.Answer;
import io.nanogrid.engine.decode.NanOutputException;
import io.nanogrid.engine.features.BadRequestException;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.model.ModelClosedException;
import io.nanogrid.engine.model.ModelInputException;
import io.nanogrid.engine.model.ModelTimeoutException;
import io.nanogrid.engine.model.Value;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One expert in a running grid: its current model (replaceable while requests run), its circuit
 * breaker and its counters. Every failure becomes an {@link Outcome} with a typed error.
 */
final class ExpertSlot {
    /** The result of one call; exactly one of answer and error is set. */
    record Outcome(Answer answer, RouteError error, long featurizeNanos, long expertNanos) {
    }

    private final ExpertSpec spec;
    private final long timeoutMillis;
    private final CircuitBreaker breaker;
    private final AtomicReference<LoadedModel> current;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile String lastError;

    ExpertSlot(ExpertSpec spec, long timeoutMillis, CircuitBreaker breaker, LoadedModel loaded) {
        this.spec = spec;
        this.timeoutMillis = timeoutMillis;
        this.breaker = breaker;
        this.current = new AtomicReference<>(loaded);
    }

    String id() {
        return spec.id();
    }

    ExpertSpec spec() {
        return spec;
    }

    LoadedModel loaded() {
        return current.get();
    }

    Outcome call(Request request) {
        calls.increment();
        long t0 = System.nanoTime();
        for (int attempt = 0;; attempt++) {
            LoadedModel m = current.get();
            if (m.problem() != null) {
                return fail(m.problem(), m.message(), t0, t0, false);
            }
            Map<String, Value> inputs;
            try {
                inputs = m.adapter().apply(request);
            } catch (BadRequestException e) {
                return fail(ErrorCode.BAD_REQUEST, "expert '" + id() + "': " + e.getMessage(), t0, System.nanoTime(),
                        false);
            }
            long t1 = System.nanoTime();
            if (!breaker.tryAcquire()) {
                return fail(ErrorCode.CIRCUIT_OPEN, "expert '" + id() + "' failed repeatedly; its circuit breaker is "
                        + "open (last error: " + lastError + ")", t0, t1, false);
            }
            try {
                Answer answer = m.decoder().decode(m.model().run(inputs, timeoutMillis));
                breaker.onSuccess();
                long t2 = System.nanoTime();
                return new Outcome(answer, null, t1 - t0, t2 - t1);
            } catch (ModelClosedException e) {
                // swapped out between reading the reference and starting the run: use the new model
                if (current.get() == m || attempt >= 3) {
                    return fail(ErrorCode.EXPERT_FAILED, e.getMessage(), t0, t1, false);
                }
            } catch (ModelInputException e) {
                return fail(ErrorCode.BAD_REQUEST, e.getMessage(), t0, t1, false);
            } catch (ModelTimeoutException e) {
                return fail(ErrorCode.TIMEOUT, e.getMessage(), t0, t1, true);
            } catch (NanOutputException e) {
                return fail(ErrorCode.NAN_OUTPUT, e.getMessage(), t0, t1, true);
            } catch (RuntimeException e) {
                return fail(ErrorCode.EXPERT_FAILED, e.getMessage() != null ? e.getMessage() : e.toString(), t0, t1,
                        true);
            }
        }
    }

    private Outcome fail(ErrorCode code, String message, long t0, long t1, boolean countsForBreaker) {
        if (code != ErrorCode.BAD_REQUEST) {
            failures.increment();
            lastError = message;
        }
        if (countsForBreaker) {
            breaker.onFailure();
        }
        return new Outcome(null, new RouteError(code, message, id()), t1 - t0, System.nanoTime() - t1);
    }

    /** Installs a new model; the old one is closed once its in-flight runs return. */
    void replace(LoadedModel next) {
        LoadedModel old = current.getAndSet(next);
        breaker.reset();
        old.close();
    }

    ExpertStatus status() {
        LoadedModel m = current.get();
        String state = m.problem() == ErrorCode.MODEL_MISSING ? "missing"
                : m.problem() != null ? "invalid"
                : switch (breaker.state()) {
                    case OPEN -> "open";
                    case HALF_OPEN -> "half-open";
                    default -> "ok";
                };
        return new ExpertStatus(id(), m.source(), state, calls.sum(), failures.sum(), lastError);
    }

    void close() {
        current.get().close();
    }
}
