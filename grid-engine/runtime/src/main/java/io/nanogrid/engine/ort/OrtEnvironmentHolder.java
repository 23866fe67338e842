package io.nanogrid.engine.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ONNX Runtime allows one environment per process, and its global thread pool is fixed when the
 * environment is created. This holder creates it once, from the first settings it is given.
 *
 * <p>The environment is created on a thread of its own with a large stack. ONNX Runtime 1.29.0
 * recurses over the process's command line while it starts, about 500 bytes of stack per
 * character: with a command line over ~4 KB (a long {@code --text}, a long class path) the default
 * 1 MB thread stack overflows and the JVM dies with SIGSEGV (measured; 1.28.0 does not do this).
 */
final class OrtEnvironmentHolder {
    /** Stack bytes per command-line byte: measured need is about 250-800, so 2 KB leaves room. */
    private static final long STACK_PER_BYTE = 2048;
    private static final long MIN_STACK = 16L << 20;

    private static OrtEnvironment environment;
    private static OrtSettings settings;

    private OrtEnvironmentHolder() {
    }

    static synchronized OrtEnvironment get(OrtSettings wanted) {
        if (environment == null) {
            NativeLibraryCache.install();
            environment = startOnLargeStack(wanted);
            settings = wanted;
        }
        return environment;
    }

    private static OrtEnvironment startOnLargeStack(OrtSettings wanted) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread starter = new Thread(null, () -> {
            try {
                outcome.set(create(wanted));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "onnxruntime-start", stackBytes());
        starter.start();
        boolean interrupted = false;
        while (true) {
            try {
                starter.join();
                break;
            } catch (InterruptedException e) {
                // starting cannot be abandoned halfway: wait, then restore the interrupt
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Object o = outcome.get();
        if (o instanceof OrtEnvironment env) {
            return env;
        }
        if (o instanceof RuntimeException re) {
            throw re;
        }
        if (o instanceof Error er) {
            throw er;
        }
        throw new IllegalStateException("cannot start ONNX Runtime: " + o);
    }

    private static OrtEnvironment create(OrtSettings wanted) {
        try (OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions()) {
            threading.setGlobalIntraOpNumThreads(wanted.intraOpThreads());
            threading.setGlobalInterOpNumThreads(1);
            threading.setGlobalSpinControl(wanted.spinning());
            return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "nanogrid", threading);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot start ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** A stack that fits ONNX Runtime's start-up recursion over this process's command line. */
    static long stackBytes() {
        return Math.max(MIN_STACK, commandLineBytes() * STACK_PER_BYTE);
    }

    /** The process's command line length; the JDK's ProcessHandle.Info cuts it at 4 KB, /proc does not. */
    private static long commandLineBytes() {
        try {
            return Files.readAllBytes(Path.of("/proc/self/cmdline")).length;
        } catch (IOException | UnsupportedOperationException notLinux) {
            return ProcessHandle.current().info().commandLine().map(String::length).orElse(0);
        }
    }

    /** The settings the environment was actually created with. */
    static synchronized OrtSettings settings() {
        return settings;
    }
}
