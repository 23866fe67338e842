package io.nanogrid.engine.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Enforces run time limits without moving runs to another thread: a run happens on the caller's
 * thread, and one daemon thread, ticking every few milliseconds, sets the terminate flag of runs
 * past their deadline. ONNX Runtime checks that flag between operators and aborts the run.
 *
 * <p>Arming a deadline is a set insertion and reuses pooled RunOptions: scheduling a timer task per
 * run (and waking a timer thread for each) cost more than a nano model's whole run.
 */
final class RunWatchdog {
    /** Deadlines are checked this often; a time limit is honoured to within one tick. */
    static final long TICK_MILLIS = 5;
    private static final RunWatchdog SHARED = new RunWatchdog();

    private final Set<Guard> armed = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<OrtSession.RunOptions> pool = new ConcurrentLinkedQueue<>();
    private volatile Thread ticker;

    private RunWatchdog() {
    }

    static RunWatchdog shared() {
        return SHARED;
    }

    /** Arms a deadline for one run; close the guard when the run returns. */
    Guard arm(long timeoutMillis) throws OrtException {
        OrtSession.RunOptions options = pool.poll();
        if (options == null) {
            options = new OrtSession.RunOptions();
        }
        Guard guard = new Guard(options, System.nanoTime() + timeoutMillis * 1_000_000L);
        armed.add(guard);
        if (ticker == null) {
            startTicker();
        }
        return guard;
    }

    private synchronized void startTicker() {
        if (ticker != null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (Guard g : armed) {
                    if (now - g.deadline >= 0) {
                        g.fire();
                    }
                }
            }
        }, "nanogrid-run-watchdog");
        t.setDaemon(true);
        t.start();
        ticker = t;
    }

    /** One armed deadline. The lock keeps the ticker from touching RunOptions after the run is over. */
    final class Guard implements AutoCloseable {
        private final OrtSession.RunOptions options;
        private final long deadline;
        private boolean done;
        private boolean fired;

        private Guard(OrtSession.RunOptions options, long deadline) {
            this.options = options;
            this.deadline = deadline;
        }

        OrtSession.RunOptions options() {
            return options;
        }

        private synchronized void fire() {
            if (!done && !fired) {
                try {
                    options.setTerminate(true);
                    fired = true;
                } catch (OrtException e) {
                    // nothing to terminate
                }
            }
        }

        synchronized boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            armed.remove(this);
            boolean reusable;
            synchronized (this) {
                done = true;
                reusable = !fired;
            }
            if (reusable) {
                pool.offer(options);
            } else {
                options.close();
            }
        }
    }
}
