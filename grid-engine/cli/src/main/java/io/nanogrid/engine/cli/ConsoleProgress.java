package io.nanogrid.engine.cli;

import io.nanogrid.engine.task.Progress;
import java.io.PrintWriter;

/** Progress on the terminal's error stream, one updating line; silent when not on a terminal. */
public final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private long lastPrint;

    public ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void update(long done, long total, String message) {
        long now = System.nanoTime();
        if (!terminal || now - lastPrint < 200_000_000L && done != total) {
            return;
        }
        lastPrint = now;
        err.print("\r" + message + (done == total ? "\n" : ""));
        err.flush();
    }

    @Override
    public boolean cancelled() {
        return false;
    }
}
