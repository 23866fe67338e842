package io.nanogrid.engine.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enforces run time limits without moving the run to another thread: the run happens on the
 * caller's thread, and one daemon thread sets the run's terminate flag when its deadline passes.
 * ONNX Runtime checks that flag between operators and aborts the run with an error.
 */
final class RunWatchdog {
    private static final RunWatchdog SHARED = new RunWatchdog();

    private final ScheduledThreadPoolExecutor timer;

    private RunWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "nanogrid-run-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    static RunWatchdog shared() {
        return SHARED;
    }

    /** Arms a deadline for one run; close the returned guard when the run returns. */
    Guard arm(OrtSession.RunOptions options, long timeoutMillis) {
        Guard guard = new Guard(options);
        guard.future = timer.schedule(guard::fire, timeoutMillis, TimeUnit.MILLISECONDS);
        return guard;
    }

    /** One armed deadline. The lock keeps the timer from touching RunOptions after they are closed. */
    static final class Guard implements AutoCloseable {
        private final OrtSession.RunOptions options;
        private ScheduledFuture<?> future;
        private boolean done;
        private boolean fired;

        private Guard(OrtSession.RunOptions options) {
            this.options = options;
        }

        private synchronized void fire() {
            if (!done) {
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
            synchronized (this) {
                done = true;
            }
            future.cancel(false);
        }
    }
}
