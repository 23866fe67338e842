package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.Value;
import java.util.List;
import java.util.Map;

/** An output decoder bound to one model. Thread-safe. */
public interface OutputDecoder {
    /**
     * @param outputs the model's outputs of one run
     * @param inputs  the inputs of that run (an embedding is pooled over its attention mask)
     * @throws NanOutputException when the scores are not finite
     * @throws io.nanogrid.engine.model.ModelRunException when the expected output is missing
     */
    Answer decode(Map<String, Value> outputs, Map<String, Value> inputs);

    /** The model output it reads. */
    String output();

    /** The labels, or an empty list for raw tensors and labels known only at run time. */
    List<String> labels();
}
