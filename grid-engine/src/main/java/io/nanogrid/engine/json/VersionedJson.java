package io.nanogrid.engine.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.nanogrid.common.BadInputException;
import java.util.List;

/**
 * Reads a persisted record from JSON the way every nanogrid file is read: an object, a
 * {@code formatVersion} this build knows (unknown versions refused clearly), no unknown fields, no
 * values of the wrong type; each problem a BadInputException naming the source and the field path.
 */
public final class VersionedJson {
    private VersionedJson() {
    }

    /**
     * @param source  names the file in messages ("bundle.ngrid: manifest.json")
     * @param what    what the file is, for messages ("a bundle manifest")
     * @param version the one formatVersion this build reads
     */
    public static <T> T read(String text, String source, String what, int version, Class<T> type) {
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
            throw new BadInputException(source + ": " + what + " is a JSON object");
        }
        checkVersion(tree.getAsJsonObject(), source, version);
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

    /** The innermost message, one line, without Gson's "$." paths and troubleshooting links. */
    public static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        String line = m.replace("$.", "").replaceAll("\\s*See https://github.com/google/gson/\\S+", "")
                .replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
