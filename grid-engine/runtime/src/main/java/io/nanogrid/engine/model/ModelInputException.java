package io.nanogrid.engine.model;

/** The inputs given to a model do not fit its signature (name, element type or shape). */
public class ModelInputException extends ModelRunException {
    private static final long serialVersionUID = 1L;

    public ModelInputException(String message) {
        super(message);
    }
}
