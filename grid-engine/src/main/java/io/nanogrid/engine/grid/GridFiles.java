package io.nanogrid.engine.grid;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.nanogrid.common.AtomicFiles;
import io.nanogrid.common.BadInputException;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.json.StrictFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads, validates and atomically writes grid files. */
public final class GridFiles {
    private GridFiles() {
    }

    /** Reads and validates a grid file; every problem is a BadInputException naming the file and field. */
    public static GridSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot read grid " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("cannot read grid " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates grid JSON; {@code source} names it in messages. */
    public static GridSpec parse(String text, String source) {
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
            throw new BadInputException(source + ": a grid file is a JSON object");
        }
        checkVersion(tree.getAsJsonObject(), source);
        List<String> unknown = StrictFields.check(tree, GridSpec.class);
        if (!unknown.isEmpty()) {
            throw new BadInputException(source + ": " + unknown.get(0)
                    + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more)" : ""));
        }
        GridSpec spec;
        try {
            spec = Json.gson().fromJson(tree, GridSpec.class);
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException(source + ": " + cause(e));
        }
        GridValidator.validate(spec, source);
        return spec;
    }

    public static String toJson(GridSpec spec) {
        return Json.gson().toJson(spec) + "\n";
    }

    /** Validates, then writes atomically: a crash mid-save leaves the previous file. */
    public static void write(GridSpec spec, Path file) {
        GridValidator.validate(spec, file.toString());
        AtomicFiles.writeString(file, toJson(spec));
    }

    private static void checkVersion(JsonObject root, String source) {
        JsonElement v = root.get("formatVersion");
        if (v == null || v.isJsonNull()) {
            throw new BadInputException(source + ": formatVersion: is required (this nanogrid reads version "
                    + GridSpec.FORMAT_VERSION + ")");
        }
        int version;
        try {
            version = v.getAsInt();
        } catch (RuntimeException e) {
            throw new BadInputException(source + ": formatVersion: expected a whole number, got " + v);
        }
        if (version != GridSpec.FORMAT_VERSION) {
            throw new BadInputException(source + ": formatVersion " + version
                    + " is not supported by this nanogrid (it reads version " + GridSpec.FORMAT_VERSION + ")");
        }
    }

    private static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        return m.replace("$.", "").replaceAll("\\s*See https://github.com/google/gson/\\S+", "").trim();
    }
}
