package io.nanogrid.engine.model;

import java.nio.file.Path;

/** Loads models. One implementation wraps ONNX Runtime; grids receive it through their constructor. */
public interface ModelLoader {
    /** Loads a model file; a missing, empty, corrupt or unsupported file is a BadInputException naming it. */
    Model load(Path path);

    /** Loads a model from bytes; {@code source} names it in messages. */
    Model load(byte[] bytes, String source);

    /** The version of the runtime behind it, as recorded in a bundle's manifest ("unknown" when it cannot say). */
    default String runtimeVersion() {
        return "unknown";
    }
}
