package io.nanogrid.engine.catalogue;

import io.nanogrid.engine.task.Progress;
import java.util.Locale;

/** Counts bytes over the files of one pull and reports them through a {@link Progress}. */
final class ByteProgress {
    private final Progress progress;
    private final String dataset;
    private final long total;
    private long done;

    ByteProgress(Progress progress, String dataset, long total) {
        this.progress = progress;
        this.dataset = dataset;
        this.total = total;
    }

    void add(long bytes, String file) {
        done += bytes;
        progress.update(done, total, String.format(Locale.ROOT, "%s: %s  %.1f of %.1f MB", dataset, file,
                done / 1048576.0, total / 1048576.0));
        progress.checkCancelled();
    }

    void checkCancelled() {
        progress.checkCancelled();
    }
}
