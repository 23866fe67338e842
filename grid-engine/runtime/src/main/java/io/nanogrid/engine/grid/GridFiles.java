package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads, validates and atomically writes grid files. */
public final class GridFiles {
    private GridFiles() {
    }

    /** Reads and validates a grid file; every problem is a BadInputException naming the file and field. */
    public static GridSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            // a model or other binary file given where a grid was expected
            throw new BadInputException(file + " is not a grid file: it is not UTF-8 text (a grid is a JSON file "
                    + "such as grid.json)", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read grid " + file + ": " + IoReasons.of(e), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates grid JSON; {@code source} names it in messages. */
    public static GridSpec parse(String text, String source) {
        GridSpec spec = VersionedJson.read(text, source, "a grid file", GridSpec.FORMAT_VERSION, GridSpec.class);
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
}
