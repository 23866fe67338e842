package io.nanogrid.samples;

import io.nanogrid.common.BadInputException;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.features.TextRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an expert's data is, relative to the data folder (the layout of ../shared/data), and how
 * to read it.
 *
 * @param train     training file, or a folder of one-sentence-a-line files named by label (langid)
 * @param test      held-out file, or null to hold out {@code testSplit} of the training data
 * @param testSplit share held out per label when there is no test file
 * @param options   columns and header
 */
public record SampleData(String train, String test, double testSplit, DatasetOptions options) {

    public Dataset readTrain(Path dataDir) {
        return read(dataDir, train);
    }

    public Dataset readTest(Path dataDir) {
        return test == null ? null : read(dataDir, test);
    }

    private Dataset read(Path dataDir, String relative) {
        Path p = dataDir.resolve(relative);
        if (Files.isDirectory(p)) {
            return sentencesByLabel(p);
        }
        if (!Files.isRegularFile(p)) {
            throw new BadInputException("sample data " + p + " not found; give the datasets' folder with --data DIR");
        }
        return TextDatasets.read(p, options.forTraining());
    }

    /** A folder of XX.txt files, one sentence a line: the label is the file name without .txt. */
    static Dataset sentencesByLabel(Path dir) {
        List<Example> examples = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + dir + ": " + e.getMessage());
        }
        for (Path f : files) {
            String label = f.getFileName().toString().replaceFirst("\\.txt$", "");
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("cannot read " + f + " as UTF-8 text: " + e.getMessage());
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
            throw new BadInputException(dir + ": no .txt files of sentences");
        }
        return new Dataset(dir.toString(), examples, skipped);
    }
}
