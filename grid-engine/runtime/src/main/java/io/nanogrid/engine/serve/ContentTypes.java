package io.nanogrid.engine.serve;

import java.util.Locale;

/**
 * The Content-Type a JSON body may be sent with: application/json, in UTF-8 (a charset parameter, if any,
 * must say so). A request without the header is read as JSON; any other type is refused (415), so that a
 * form or a file sent to the wrong endpoint is named as such instead of failing as bad JSON.
 */
final class ContentTypes {
    static final String JSON = "application/json";

    private ContentTypes() {
    }

    /** Null when the request's Content-Type allows a JSON body, else the refusal's one line. */
    static String jsonProblem(Call call) {
        String given = call.exchange().getRequestHeaders().getFirst("Content-Type");
        if (given == null) {
            return null;
        }
        String[] parts = given.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(JSON)) {
            return "the body must be JSON: send it with Content-Type: application/json, not '" + shown(given) + "'";
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) {
                return "the body must be UTF-8 JSON, not '" + shown(given) + "'";
            }
        }
        return null;
    }

    private static String shown(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 100) + "...";
    }
}
