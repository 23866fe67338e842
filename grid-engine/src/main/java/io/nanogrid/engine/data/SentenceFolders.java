package io.nanogrid.engine.data;

import io.nanogrid.common.BadInputException;
import io.nanogrid.engine.features.TextRequest;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a folder of LABEL.txt files, one sentence a line (the layout of the language
 * identification data): each line is an example whose label is its file's name. Empty lines are
 * listed as skipped.
 */
public final class SentenceFolders {
    private SentenceFolders() {
    }

    public static Dataset read(Path dir) {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + dir + ": " + e.getMessage());
        }
        List<Example> examples = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            String label = f.getFileName().toString().replaceFirst("\\.txt$", "");
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new BadInputException(f + ": not valid UTF-8 text");
            } catch (IOException e) {
                throw new BadInputException("cannot read " + f + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    skipped.add(f + " line " + (i + 1) + ": empty line");
                } else {
                    examples.add(new Example(new TextRequest(line), label, null, i + 1));
                }
            }
        }
        if (examples.isEmpty()) {
            throw new BadInputException(dir + ": no LABEL.txt files of sentences");
        }
        return new Dataset(dir.toString(), examples, skipped);
    }
}
