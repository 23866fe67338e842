package io.nanogrid.engine.data;

import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a folder of LABEL.txt files, one sentence a line (the layout of the language
 * identification data): each line is an example whose label is its file's name. Empty lines are
 * listed as skipped; a line that is not UTF-8 refuses the folder, or with skipBad is listed as skipped.
 */
public final class SentenceFolders {
    private SentenceFolders() {
    }

    public static Dataset read(Path dir, boolean skipBad) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(Files.exists(dir) ? dir + " is a file, not a folder of LABEL.txt files"
                    : dir + ": folder not found");
        }
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw DataFiles.unreadable(dir, e);
        }
        List<Example> examples = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            String label = f.getFileName().toString().replaceFirst("\\.txt$", "");
            try (Utf8Lines lines = new Utf8Lines(f)) {
                String line;
                while ((line = lines.next()) != null) {
                    String where = f + " line " + lines.number() + ": ";
                    if (!lines.valid()) {
                        if (!skipBad) {
                            throw new BadInputException(where + "not valid UTF-8 (use --skip-bad to skip such lines)");
                        }
                        skipped.add(where + "not valid UTF-8");
                    } else if (line.isBlank()) {
                        skipped.add(where + "empty line");
                    } else {
                        examples.add(new Example(new TextRequest(line.strip()), label, null, lines.number()));
                    }
                }
            } catch (IOException e) {
                throw DataFiles.unreadable(f, e);
            }
        }
        if (examples.isEmpty()) {
            throw new BadInputException(dir + ": no LABEL.txt files of sentences");
        }
        return new Dataset(dir.toString(), examples, skipped);
    }
}
