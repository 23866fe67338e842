package io.nanogrid.engine.data;

import java.util.List;

/**
 * Examples read from a file, and the lines that were not read (each with its line number and why),
 * so nothing is dropped silently.
 */
public record Dataset(String source, List<Example> examples, List<String> skipped) {
    public Dataset {
        examples = List.copyOf(examples);
        skipped = List.copyOf(skipped);
    }

    public int size() {
        return examples.size();
    }
}
