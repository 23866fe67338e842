package io.nanogrid.engine.model;

/** A run was terminated because it took longer than its time limit. */
public class ModelTimeoutException extends ModelRunException {
    private static final long serialVersionUID = 1L;

    public ModelTimeoutException(String message) {
        super(message);
    }
}
