package io.nanogrid.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a loaded model takes and gives, and its metadata_props. */
public record ModelSignature(List<TensorDesc> inputs, List<TensorDesc> outputs, Map<String, String> metadata) {
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        metadata = Map.copyOf(metadata);
    }

    public Optional<TensorDesc> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<TensorDesc> output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
