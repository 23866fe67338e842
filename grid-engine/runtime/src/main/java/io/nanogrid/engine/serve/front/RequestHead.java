package io.nanogrid.engine.serve.front;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A request line and headers, read and checked by the guard before the request reaches the HTTP server:
 * a line that is not "METHOD /path HTTP/1.x", a header line that is not "Name: value", a Content-Length that
 * is not one number, a chunked body (411: send its length) or a body over its limit is a refusal in the
 * documented form, where the JDK's server answered an HTML page or reset the connection.
 *
 * @param method        the method
 * @param path          the target's path (without the query)
 * @param contentLength the body's length (0 when none is declared)
 */
record RequestHead(String method, String path, long contentLength) {
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,20}");
    private static final Pattern TARGET = Pattern.compile("/[\\x21-\\x7e]*");
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Parses {@code head[0, length)}, the bytes up to and including the blank line that ends the headers. */
    static RequestHead parse(byte[] head, int length, ConnectionLimits limits) throws Refusal {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || !METHOD.matcher(parts[0]).matches() || !TARGET.matcher(parts[1]).matches()
                || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
            throw new Refusal(400, "the request line must be 'METHOD /path HTTP/1.1', got '" + shown(lines[0]) + "'",
                    null);
        }
        String method = parts[0];
        String target = parts[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Long declared = null;
        // lines[last] and lines[last - 1] are the empty strings around the final CRLF CRLF
        for (int i = 1; i < lines.length - 2; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || !NAME.matcher(line.substring(0, colon)).matches()) {
                throw new Refusal(400, "header line " + i + " must be 'Name: value', got '" + shown(line) + "'",
                        path);
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("transfer-encoding")) {
                throw new Refusal(411, "send the body with a Content-Length; Transfer-Encoding '" + shown(value)
                        + "' is not accepted", path);
            }
            if (name.equals("content-length")) {
                long n = contentLength(value, path);
                if (declared != null && declared != n) {
                    throw new Refusal(400, "Content-Length is given twice with different values", path);
                }
                declared = n;
            }
        }
        long body = declared != null ? declared : 0;
        long max = limits.maxBody(method);
        if (body > max) {
            throw new Refusal(413, (method.equals("PUT") ? "the upload" : "the request") + " is " + body
                    + " bytes; the limit is " + max + " bytes", path);
        }
        return new RequestHead(method, path, body);
    }

    private static long contentLength(String value, String path) throws Refusal {
        if (!value.matches("[0-9]{1,18}")) {
            throw new Refusal(400, "Content-Length must be a number of bytes, got '" + shown(value) + "'", path);
        }
        return Long.parseLong(value);
    }

    /** A client's text as it may be shown in an answer: printable, at most 100 characters. */
    static String shown(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 100) + "...";
    }
}
