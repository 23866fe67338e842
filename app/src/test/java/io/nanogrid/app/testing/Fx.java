package io.nanogrid.app.testing;

import io.nanogrid.app.FxToolkit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Runs code on the JavaFX thread of a headless toolkit (Monocle; started once per test JVM). */
public final class Fx {
    private Fx() {
    }

    public static void start() {
        FxToolkit.start();
    }

    public static <T> T call(Supplier<T> work) {
        return FxToolkit.call(work, 30);
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
