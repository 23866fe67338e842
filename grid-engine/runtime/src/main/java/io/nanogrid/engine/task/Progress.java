package io.nanogrid.engine.task;

/**
 * How long work reports progress and learns it was cancelled. The command line prints it; the
 * workbench forwards it to a JavaFX Task.
 */
public interface Progress {
    /** Does nothing and is never cancelled. */
    Progress NONE = new Progress() {
        @Override
        public void update(long done, long total, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** @param total -1 when unknown */
    void update(long done, long total, String message);

    boolean cancelled();

    /** Throws {@link CancelledException} if the work was cancelled. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancelledException();
        }
    }
}
