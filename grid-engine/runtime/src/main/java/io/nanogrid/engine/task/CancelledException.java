package io.nanogrid.engine.task;

/** The user cancelled the work; nothing was written. */
public class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("cancelled");
    }
}
