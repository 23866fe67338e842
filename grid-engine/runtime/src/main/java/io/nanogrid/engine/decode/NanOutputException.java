package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.ModelRunException;

/** A model answered with NaN or infinite scores. */
public class NanOutputException extends ModelRunException {
    private static final long serialVersionUID = 1L;

    public NanOutputException(String message) {
        super(message);
    }
}
