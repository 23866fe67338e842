package io.nanogrid.app.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Runs code on the JavaFX thread of a headless toolkit (Monocle; started once per test JVM). */
public final class Fx {
    private static boolean started;

    private Fx() {
    }

    public static synchronized void start() {
        if (started) {
            return;
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        try {
            Platform.startup(() -> ready.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            ready.complete(null);
        }
        Platform.setImplicitExit(false);
        ready.join();
        started = true;
    }

    public static <T> T call(Supplier<T> work) {
        start();
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Waits (off the FX thread) until the condition, checked on the FX thread, holds. */
    public static void waitUntil(BooleanSupplier condition, String what) {
        waitUntil(condition, what, 30);
    }

    /** The same, with a deadline in seconds (for training and sweeps on a busy machine). */
    public static void waitUntil(BooleanSupplier condition, String what, int seconds) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            if (call(condition::getAsBoolean)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
