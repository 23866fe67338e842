package io.nanogrid.files;

/**
 * The user gave us something we cannot use: a missing or malformed file, a field out of range, a
 * model whose inputs don't fit. The message is one plain line that names the file, line or field;
 * the command line turns it into exit code 2 without a stack trace.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
