package io.nanogrid.engine.model;

/** The model was closed (for instance swapped out) before this run could start. */
public class ModelClosedException extends ModelRunException {
    private static final long serialVersionUID = 1L;

    public ModelClosedException(String message) {
        super(message);
    }
}
