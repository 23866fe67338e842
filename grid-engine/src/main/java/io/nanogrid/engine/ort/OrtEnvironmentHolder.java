package io.nanogrid.engine.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * ONNX Runtime allows one environment per process, and its global thread pool is fixed when the
 * environment is created. This holder creates it once, from the first settings it is given.
 */
final class OrtEnvironmentHolder {
    private static OrtEnvironment environment;
    private static OrtSettings settings;

    private OrtEnvironmentHolder() {
    }

    static synchronized OrtEnvironment get(OrtSettings wanted) {
        if (environment == null) {
            try (OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions()) {
                threading.setGlobalIntraOpNumThreads(wanted.intraOpThreads());
                threading.setGlobalInterOpNumThreads(1);
                threading.setGlobalSpinControl(wanted.spinning());
                environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "nanogrid",
                        threading);
                settings = wanted;
            } catch (OrtException e) {
                throw new IllegalStateException("cannot start ONNX Runtime: " + e.getMessage(), e);
            }
        }
        return environment;
    }

    /** The settings the environment was actually created with. */
    static synchronized OrtSettings settings() {
        return settings;
    }
}
