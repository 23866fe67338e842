package io.nanogrid.engine.model;

import java.util.List;
import java.util.Map;

/**
 * A sequence of maps from label to score: what ONNX-ML's ZipMap produces (scikit-learn classifiers'
 * "output_probability"). Keys are strings; integer keys are converted with Long.toString.
 */
public record MapList(List<Map<String, Float>> maps) implements Value {
    public MapList {
        maps = List.copyOf(maps);
    }

    @Override
    public String describe() {
        return "seq(map) of " + maps.size();
    }
}
