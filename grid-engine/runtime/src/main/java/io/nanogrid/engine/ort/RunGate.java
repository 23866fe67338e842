package io.nanogrid.engine.ort;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets runs into a native resource (an ONNX Runtime session) and closes it exactly once: when close
 * has been asked and no run is inside. Closing while runs are in flight is safe; no run starts after.
 *
 * <p>The count of runs inside and the closed mark live in one atomic word. Once the mark is set the
 * count can only go down, so the step that brings it to zero (or close itself, when it was zero
 * already) is the one and only release. Keeping them in two variables (a counter and a closing
 * flag) is not safe: a run that brought the counter to zero and then read the flag could see a close
 * asked after a new run had already come in, and free the session under that run (the SIGSEGV in
 * docs/ARCHITECTURE.md, Threads).
 */
final class RunGate {
    private static final int CLOSED = Integer.MIN_VALUE;

    private final AtomicInteger state = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private final Runnable release;

    /** @param release frees the resource; called once, by whichever thread ends its use */
    RunGate(Runnable release) {
        this.release = release;
    }

    /** True if a run may go in (it must call {@link #exit} when it is over); false once closed. */
    boolean enter() {
        for (;;) {
            int s = state.get();
            if (s < 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    /** Ends a run let in by {@link #enter}; the last one out of a closed gate frees the resource. */
    void exit() {
        if (state.decrementAndGet() == CLOSED) {
            free();
        }
    }

    /** Closes the gate: no run goes in after this; the resource is freed when the last run is out. */
    void close() {
        int before = state.getAndUpdate(s -> s | CLOSED);
        if (before == 0) {
            free();
        }
    }

    boolean closed() {
        return state.get() < 0;
    }

    /** Runs inside now (for tests and status). */
    int inside() {
        return state.get() & ~CLOSED;
    }

    private void free() {
        // exactly one caller gets here by construction; the flag is a second lock on the door
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
