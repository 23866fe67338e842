package io.nanogrid.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javafx.application.Platform;

/** Starts the JavaFX toolkit once per process and runs work on its thread. */
public final class FxToolkit {
    /**
     * JavaFX warns that it runs from the class path; that is how nanogrid runs it, on purpose. The
     * logger is held here: java.util.logging keeps loggers weakly, and a collected one forgets its level.
     */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private static boolean started;

    private FxToolkit() {
    }

    /** Off-screen rendering: Monocle's headless platform with software rendering. Call before start. */
    static void useHeadless() {
        if (!started) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            // the headless screen must hold the largest window rendered (its default is 1280x800)
            System.setProperty("headless.geometry", "1920x1200-32");
        }
    }

    static void quietClassPathWarning() {
        // a filter, not a level: the "javafx.*" loggers below it (CSS, layout) keep their warnings
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
    }

    /** Starts the JavaFX toolkit once per JVM (a no-op when it runs already). */
    public static synchronized void start() {
        if (started) {
            return;
        }
        quietClassPathWarning();
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

    /** Runs {@code work} on the FX thread and waits for its result; its exceptions and errors are rethrown. */
    public static <T> T call(Supplier<T> work, long timeoutSeconds) {
        start();
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error er) {
                throw er;
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException("the JavaFX thread did not answer within " + timeoutSeconds + " s");
        }
    }
}
