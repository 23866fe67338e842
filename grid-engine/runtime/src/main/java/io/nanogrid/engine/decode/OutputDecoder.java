package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.Value;
import java.util.List;
import java.util.Map;

/** An output decoder bound to one model. Thread-safe. */
public interface OutputDecoder {
    /**
     * @throws NanOutputException when the scores are not finite
     * @throws io.nanogrid.engine.model.ModelRunException when the expected output is missing
     */
    Answer decode(Map<String, Value> outputs);

    /** The model output it reads. */
    String output();

    /** The labels, or an empty list for raw tensors and labels known only at run time. */
    List<String> labels();
}
