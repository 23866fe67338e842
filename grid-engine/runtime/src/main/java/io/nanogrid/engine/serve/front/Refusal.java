package io.nanogrid.engine.serve.front;

/** A request the guard answers itself, with a status code and one line, and then closes its connection. */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String target;

    Refusal(int code, String message, String target) {
        super(message, null, false, false);
        this.code = code;
        this.target = target;
    }

    int code() {
        return code;
    }

    /** The request's path when it was read, else null. */
    String target() {
        return target;
    }
}
