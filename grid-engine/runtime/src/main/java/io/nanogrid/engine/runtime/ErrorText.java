package io.nanogrid.engine.runtime;

/**
 * Error texts with a bound: a model's or a library's message can be megabytes long, and an error text
 * travels into every refusal, /v1/health and the metrics; past {@link #MAX_CHARS} it is cut and says how
 * much was left out.
 */
public final class ErrorText {
    /** The longest error text kept whole. */
    public static final int MAX_CHARS = 1_000;

    private ErrorText() {
    }

    /** {@code text} as it is when short enough, else its first {@link #MAX_CHARS} characters and a count. */
    public static String bound(String text) {
        if (text == null || text.length() <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, MAX_CHARS) + "... (" + (text.length() - MAX_CHARS) + " more characters)";
    }
}
