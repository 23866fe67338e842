package io.nanogrid.engine.model;

/** A model failed while running (the runtime reported an error, or its output was not usable). */
public class ModelRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelRunException(String message) {
        super(message);
    }

    public ModelRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
