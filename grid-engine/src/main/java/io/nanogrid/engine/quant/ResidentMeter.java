package io.nanogrid.engine.quant;

import io.nanogrid.engine.bench.SessionsBenchmark;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.task.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident bytes a loaded model costs, measured: the process's RSS grows by this much for each
 * further copy loaded and run once (the first copy is not counted, so the runtime library itself
 * is not). Several copies are loaded so that small models rise above the page-size noise; the
 * figure includes the session's own overhead, which is part of what a model costs on a device.
 */
public final class ResidentMeter {
    /** Aim for this many bytes of model files in total across the copies. */
    private static final long TARGET_BYTES = 48L << 20;
    private static final int MIN_COPIES = 4;
    private static final int MAX_COPIES = 24;

    private final ModelLoader loader;

    public ResidentMeter(ModelLoader loader) {
        this.loader = loader;
    }

    /** Resident bytes per loaded copy of the model file (its external data counted). */
    public long measure(Path model, Progress progress) {
        return new SessionsBenchmark(loader).run(model, copies(model), progress).rssPerSessionBytes();
    }

    static int copies(Path model) {
        long bytes = fileBytes(model);
        long n = bytes > 0 ? TARGET_BYTES / bytes : MAX_COPIES;
        return (int) Math.max(MIN_COPIES, Math.min(MAX_COPIES, n)) + 1;
    }

    /** The model file's bytes plus those of the external data files beside it that it names. */
    public static long fileBytes(Path model) {
        try {
            long total = Files.size(model);
            String prefix = model.getFileName() + ".";
            try (var siblings = Files.list(model.toAbsolutePath().getParent())) {
                total += siblings.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".data")).mapToLong(p -> {
                            try {
                                return Files.size(p);
                            } catch (IOException e) {
                                return 0;
                            }
                        }).sum();
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model + ": " + e.getMessage(), e);
        }
    }
}
