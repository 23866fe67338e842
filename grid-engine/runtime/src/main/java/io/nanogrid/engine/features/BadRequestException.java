package io.nanogrid.engine.features;

import io.nanogrid.files.BadInputException;

/** A request that the grid cannot take (an image sent to a text grid, an empty tensor). */
public class BadRequestException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
