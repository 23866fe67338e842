package io.nanogrid.engine.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Runs the indices 0..n-1 through a body on a few daemon threads, one contiguous chunk per thread. */
public final class ParallelRange {
    private ParallelRange() {
    }

    /**
     * Calls {@code body} once for each index; each thread stops at its next index once
     * {@code progress} is cancelled. Rethrows the body's first runtime exception, and throws
     * {@link CancelledException} when cancelled or interrupted.
     */
    public static void run(int n, int threads, String threadName, Progress progress, IntConsumer body) {
        int t = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, threadName);
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            int chunk = Math.max(1, (n + t - 1) / t);
            for (int from = 0; from < n; from += chunk) {
                int a = from;
                int b = Math.min(n, from + chunk);
                parts.add(pool.submit(() -> {
                    for (int i = a; i < b && !progress.cancelled(); i++) {
                        body.accept(i);
                    }
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        progress.checkCancelled();
    }
}
