package io.nanogrid.engine.serve;

import io.nanogrid.files.BadInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SHA-256 an update's sender expects its upload to have: the header {@value #HEADER} or the query
 * parameter {@value #PARAMETER} (64 hexadecimal digits, either case). An upload whose bytes do not match
 * is refused before anything is swapped in, so a file damaged on its way (or swapped) is never served.
 */
final class ExpectedSha256 {
    static final String HEADER = "X-Sha256";
    static final String PARAMETER = "sha256";
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private ExpectedSha256() {
    }

    /** The expected SHA-256 in lower case, or null when the request gives none. */
    static String of(Call call) {
        String header = call.exchange().getRequestHeaders().getFirst(HEADER);
        String query = parameter(call.exchange().getRequestURI().getRawQuery());
        if (header != null && query != null && !header.strip().equalsIgnoreCase(query)) {
            throw new BadInputException("the header " + HEADER + " and the parameter " + PARAMETER
                    + " give different values; give one");
        }
        String given = header != null ? header.strip() : query;
        if (given == null) {
            return null;
        }
        if (!HEX.matcher(given).matches()) {
            throw new BadInputException((header != null ? "the header " + HEADER : "the parameter " + PARAMETER)
                    + " must be 64 hexadecimal digits (a SHA-256), got '" + abbreviate(given) + "'");
        }
        return given.toLowerCase(Locale.ROOT);
    }

    /** Refuses {@code actual} unless it is the expected value (or none was given). */
    static void check(String expected, String actual, String what) {
        if (expected != null && !expected.equals(actual)) {
            throw new BadInputException(what + " has sha256 " + actual + ", not the expected " + expected
                    + "; nothing was swapped in");
        }
    }

    private static String parameter(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(PARAMETER + "=")) {
                return pair.substring(PARAMETER.length() + 1);
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
