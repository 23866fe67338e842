package io.nanogrid.engine.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.nanogrid.files.BadInputException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a persisted record from JSON the way every nanogrid file is read: an object, a
 * {@code formatVersion} this build knows (unknown versions refused clearly), no unknown fields, no
 * values of the wrong type; each problem a BadInputException naming the source and the field path.
 */
public final class VersionedJson {
    /** Gson's "Expected BEGIN_OBJECT but was STRING". */
    private static final Pattern EXPECTED = Pattern.compile("Expected ([A-Z_]+) but was ([A-Z_]+)");
    /** Gson's " path $.experts[1]"; "$" alone is the whole document. */
    private static final Pattern PATH = Pattern.compile(" path \\$\\.?(\\S*)");

    private VersionedJson() {
    }

    /**
     * @param source  names the file in messages ("bundle.ngrid: manifest.json")
     * @param what    what the file is, for messages ("a bundle manifest")
     * @param version the one formatVersion this build reads
     */
    public static <T> T read(String text, String source, String what, int version, Class<T> type) {
        JsonObject tree = object(text, source, what + " is a JSON object");
        checkVersion(tree, source, version);
        List<String> unknown = StrictFields.check(tree, type);
        if (!unknown.isEmpty()) {
            throw new BadInputException(source + ": " + unknown.get(0)
                    + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more)" : ""));
        }
        try {
            return Json.gson().fromJson(tree, type);
        } catch (RuntimeException e) {
            // Gson wraps what a record's constructor throws; every such failure is the file's fault
            throw new BadInputException(source + ": " + cause(e), e);
        }
    }

    private static void checkVersion(JsonObject root, String source, int supported) {
        JsonElement v = root.get("formatVersion");
        if (v == null || v.isJsonNull()) {
            throw new BadInputException(source + ": formatVersion: is required (this nanogrid reads version "
                    + supported + ")");
        }
        int version;
        try {
            version = v.getAsInt();
        } catch (RuntimeException e) {
            throw new BadInputException(source + ": formatVersion: expected a whole number, got " + v);
        }
        if (version != supported) {
            throw new BadInputException(source + ": formatVersion " + version
                    + " is not supported by this nanogrid (it reads version " + supported + ")");
        }
    }

    /**
     * Parses a file that must hold one JSON object. An empty file, text that is not JSON, JSON that is not
     * an object, a field given twice and a comment ({@link StrictText}) are refused as one line naming
     * {@code source}; {@code notAnObject} is what the
     * last says after "source: " (e.g. "a grid file is a JSON object").
     */
    public static JsonObject object(String text, String source, String notAnObject) {
        if (text.isBlank()) {
            throw new BadInputException(source + ": the file is empty");
        }
        JsonElement tree;
        try {
            tree = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new BadInputException(source + ": not valid JSON: " + cause(e));
        }
        if (!tree.isJsonObject()) {
            throw new BadInputException(source + ": " + notAnObject);
        }
        try {
            StrictText.check(text, source);
        } catch (BadInputException e) {
            throw e.getMessage().startsWith(source) ? e : new BadInputException(source + ": " + e.getMessage());
        }
        return tree.getAsJsonObject();
    }

    /**
     * What went wrong reading JSON, as one line for a user: the innermost message without Java class
     * names, Gson's troubleshooting links, its advice to call setStrictness, its token names
     * (BEGIN_OBJECT) or its "$." paths: "expected an object {...}, got a string at line 1 column 2".
     */
    public static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        String line = m.replaceAll("\\s*See https://github.com/google/gson/\\S+", "")
                .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ", "")
                .replaceAll("Use JsonReader\\.set\\w+\\([^)]*\\) to accept malformed JSON", "malformed JSON")
                .replaceAll("\\s+", " ").trim();
        line = EXPECTED.matcher(line).replaceAll(r -> "expected " + token(r.group(1)) + ", got "
                + token(r.group(2)));
        line = PATH.matcher(line).replaceAll(r -> r.group(1).isEmpty() ? ""
                : Matcher.quoteReplacement(" (at " + r.group(1) + ")"));
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** Gson's token names as a message says them. */
    private static String token(String name) {
        return switch (name) {
            case "BEGIN_OBJECT" -> "an object {...}";
            case "BEGIN_ARRAY" -> "a list [...]";
            case "STRING" -> "a string";
            case "NUMBER" -> "a number";
            case "BOOLEAN" -> "true or false";
            case "NULL" -> "null";
            case "NAME" -> "a field name";
            case "END_OBJECT" -> "the end of the object";
            case "END_ARRAY" -> "the end of the list";
            case "END_DOCUMENT" -> "the end of the text";
            default -> name.toLowerCase(Locale.ROOT);
        };
    }
}
