package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.Answer;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.decode.NanOutputException;
import io.nanogrid.engine.features.BadRequestException;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.model.ModelClosedException;
import io.nanogrid.engine.model.ModelInputException;
import io.nanogrid.engine.model.ModelTimeoutException;
import io.nanogrid.engine.model.Value;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One expert in a running grid: its current model (replaceable while requests run), its circuit
 * breaker and its counters. Every failure becomes an {@link Outcome} with a typed error.
 */
final class ExpertSlot {
    /**
     * The result of one call: an answer, an error, or (with the expert's own threshold) an abstain: a label
     * answer below the threshold, withheld.
     */
    record Outcome(Answer answer, RouteError error, long featurizeNanos, long expertNanos, Abstain abstain) {
        Outcome(Answer answer, RouteError error, long featurizeNanos, long expertNanos) {
            this(answer, error, featurizeNanos, expertNanos, null);
        }
    }

    private final ExpertSpec spec;
    private final long timeoutMillis;
    private final CircuitBreaker breaker;
    private final AtomicReference<LoadedModel> current;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile String lastError;
    /** The injected fault, or null: the only cost on the hot path when none is set is this one read. */
    private volatile Fault fault;

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
        return call(request, null);
    }

    /** @param session whose state a stateful model carries from call to call (null: a fresh state) */
    Outcome call(Request request, String session) {
        calls.increment();
        long t0 = System.nanoTime();
        Fault f = fault;
        if (f != null && f.disabled()) {
            return disabled(t0);
        }
        for (int attempt = 0;; attempt++) {
            LoadedModel m = current.get();
            if (m.problem() != null) {
                return fail(m.problem(), m.message(), t0, t0, false);
            }
            List<Map<String, Value>> steps;
            try {
                steps = ModelCall.steps(m, request);
            } catch (BadRequestException e) {
                return fail(ErrorCode.BAD_REQUEST, "expert '" + id() + "': " + e.getMessage(), t0, System.nanoTime(),
                        false);
            }
            long t1 = System.nanoTime();
            if (!breaker.tryAcquire()) {
                return refuse(t0, t1);
            }
            long limit = timeoutMillis;
            if (f != null && attempt == 0) {
                Outcome injected = inject(f, t0, t1);
                if (injected != null) {
                    return injected;
                }
                limit = remainingLimit(f);
            }
            try {
                Answer answer = ModelCall.run(m, steps, session, limit);
                breaker.onSuccess();
                long t2 = System.nanoTime();
                Double threshold = spec.threshold();
                if (threshold != null && answer instanceof LabelAnswer a && a.score() < threshold) {
                    return new Outcome(null, null, t1 - t0, t2 - t1, new Abstain(a.label(), a.score(), threshold));
                }
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

    // The fault handling lives in these small methods, off the hot path's bytecode.

    private Outcome disabled(long t0) {
        return fail(ErrorCode.MODEL_MISSING, "expert '" + id() + "' is disabled (injected fault)", t0, t0, false);
    }

    /** The model's time limit after an injected delay (shorter than the limit: longer ones time out before). */
    private long remainingLimit(Fault f) {
        return timeoutMillis > 0 ? timeoutMillis - f.delayMillis() : 0;
    }

    /**
     * Acts out an injected fault before the model runs: the added latency is slept inside the time
     * limit (a delay at or past the limit ends in a timeout once the limit has passed), then an
     * injected error if asked. Null when the model should run. An interrupt (the calling thread is
     * being stopped) cuts the delay short.
     */
    private Outcome inject(Fault f, long t0, long t1) {
        if (f.delayMillis() > 0) {
            boolean pastLimit = timeoutMillis > 0 && f.delayMillis() >= timeoutMillis;
            try {
                Thread.sleep(pastLimit ? timeoutMillis : f.delayMillis());
            } catch (InterruptedException e) {
                // the caller is being stopped: the delay is cut short and the model answers, failing nothing
                Thread.currentThread().interrupt();
                return null;
            }
            if (pastLimit) {
                return fail(ErrorCode.TIMEOUT, "expert '" + id() + "' took longer than " + timeoutMillis
                        + " ms (injected delay of " + f.delayMillis() + " ms)", t0, t1, true);
            }
        }
        if (f.throwing()) {
            return fail(ErrorCode.EXPERT_FAILED, "expert '" + id() + "': injected failure", t0, t1, true);
        }
        return null;
    }

    /** Sets or clears ({@link Fault#NONE} or null) the injected fault; calls already running finish as they began. */
    void inject(Fault next) {
        fault = next == null || next.isNone() ? null : next;
    }

    Fault fault() {
        Fault f = fault;
        return f != null ? f : Fault.NONE;
    }

    /**
     * A refusal by the open breaker: named with the root cause (the last real failure, which a refusal
     * never replaces, so refusals cannot nest one another), and counted apart from failures.
     */
    private Outcome refuse(long t0, long t1) {
        refused.increment();
        String message = "expert '" + id() + "' failed repeatedly; its circuit breaker is open (last error: "
                + lastError + ")";
        return new Outcome(null, new RouteError(ErrorCode.CIRCUIT_OPEN, message, id()), t1 - t0,
                System.nanoTime() - t1);
    }

    private Outcome fail(ErrorCode code, String rawMessage, long t0, long t1, boolean countsForBreaker) {
        String message = ErrorText.bound(rawMessage);
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
        Fault f = fault;
        String state = f != null && f.disabled() ? "disabled"
                : m.problem() == ErrorCode.MODEL_MISSING ? "missing"
                : m.problem() != null ? "invalid"
                : switch (breaker.state()) {
                    case OPEN -> "open";
                    case HALF_OPEN -> "half-open";
                    default -> "ok";
                };
        return new ExpertStatus(id(), m.source(), state, calls.sum(), failures.sum(), refused.sum(),
                lastError);
    }

    void close() {
        current.get().close();
    }
}
