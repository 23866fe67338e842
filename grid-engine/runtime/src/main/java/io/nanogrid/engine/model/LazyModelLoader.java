package io.nanogrid.engine.model;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A model loader created on first use. Starting ONNX Runtime loads its native library (hundreds of
 * milliseconds); the workbench must not pay that before its first frame, so it starts the runtime
 * when the first model is loaded, which happens in the background.
 */
public final class LazyModelLoader implements ModelLoader {
    private final Supplier<ModelLoader> factory;
    private volatile ModelLoader loader;

    public LazyModelLoader(Supplier<ModelLoader> factory) {
        this.factory = factory;
    }

    private ModelLoader loader() {
        ModelLoader l = loader;
        if (l == null) {
            synchronized (this) {
                l = loader;
                if (l == null) {
                    l = factory.get();
                    loader = l;
                }
            }
        }
        return l;
    }

    @Override
    public Model load(Path path) {
        return loader().load(path);
    }

    @Override
    public Model load(byte[] bytes, String source) {
        return loader().load(bytes, source);
    }

    /** Starts the runtime, if it has not started yet, to ask it. */
    @Override
    public String runtimeVersion() {
        return loader().runtimeVersion();
    }
}
