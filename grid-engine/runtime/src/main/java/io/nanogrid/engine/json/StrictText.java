package io.nanogrid.engine.json;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;

/**
 * One rule for every JSON nanogrid reads, files as the HTTP API: a field given twice, and a comment, are
 * refused. Gson's tree parser keeps the last of two equal names and skips // and # comments, so a grid
 * file could say one thing to a reader and another to nanogrid. Run on text that already parsed.
 */
final class StrictText {
    private StrictText() {
    }

    /** Throws a BadInputException naming {@code source} and the line or the field. */
    static void check(String text, String source) {
        int line = commentLine(text);
        if (line > 0) {
            throw new BadInputException(source + ": line " + line + ": comments are not JSON; remove it");
        }
        try (JsonReader in = new JsonReader(new StringReader(text))) {
            in.setStrictness(Strictness.LENIENT);
            walk(in, "");
        } catch (IOException e) {
            // parsed once already: nothing new to say
        }
    }

    private static void walk(JsonReader in, String path) throws IOException {
        JsonToken t = in.peek();
        if (t == JsonToken.BEGIN_OBJECT) {
            Set<String> seen = new HashSet<>();
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                String at = path.isEmpty() ? name : path + "." + name;
                if (!seen.add(name)) {
                    throw new BadInputException("field '" + at + "' is given twice");
                }
                walk(in, at);
            }
            in.endObject();
        } else if (t == JsonToken.BEGIN_ARRAY) {
            in.beginArray();
            for (int i = 0; in.hasNext(); i++) {
                walk(in, path + "[" + i + "]");
            }
            in.endArray();
        } else {
            in.skipValue();
        }
    }

    /** The line of the first comment (// or /* or #) outside a string, or 0. */
    static int commentLine(String text) {
        int line = 1;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '#' || (c == '/' && i + 1 < text.length() && (text.charAt(i + 1) == '/'
                    || text.charAt(i + 1) == '*'))) {
                return line;
            }
        }
        return 0;
    }
}
