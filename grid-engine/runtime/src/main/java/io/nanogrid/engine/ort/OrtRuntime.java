package io.nanogrid.engine.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.OnnxModels;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place that talks to ONNX Runtime. Loads models into sessions that share the process's
 * environment and its global thread pool.
 */
public final class OrtRuntime implements ModelLoader {
    private final OrtEnvironment env;
    private final OrtSettings settings;
    private final RunWatchdog watchdog = RunWatchdog.shared();

    public OrtRuntime(OrtSettings settings) {
        this.env = OrtEnvironmentHolder.get(settings);
        this.settings = OrtEnvironmentHolder.settings();
    }

    public OrtRuntime() {
        this(OrtSettings.defaults());
    }

    /** The settings in force (the first ones this process asked for). */
    public OrtSettings settings() {
        return settings;
    }

    public String version() {
        return env.getVersion();
    }

    @Override
    public String runtimeVersion() {
        return version();
    }

    @Override
    public Model load(Path path) {
        // Read through OnnxModels for plain messages on missing, empty and directory paths; ONNX
        // Runtime loads from the path itself so that external data files resolve beside the model.
        OnnxModels.checkFile(path);
        try (OrtSession.SessionOptions options = sessionOptions()) {
            OrtSession session = env.createSession(path.toString(), options);
            return OrtModel.open(env, session, path.toString(), watchdog);
        } catch (OrtException e) {
            throw refused(path.toString(), e);
        }
    }

    @Override
    public Model load(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new BadInputException("cannot load " + source + ": the file is empty");
        }
        try (OrtSession.SessionOptions options = sessionOptions()) {
            OrtSession session = env.createSession(bytes, options);
            return OrtModel.open(env, session, source, watchdog);
        } catch (OrtException e) {
            throw refused(source, e);
        }
    }

    private OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.disablePerSessionThreads();
        options.setOptimizationLevel(switch (settings.optimization().toLowerCase(Locale.ROOT)) {
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        });
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
        return options;
    }

    /**
     * "cannot load X: not a valid ONNX model (truncated or corrupt protobuf)" (the words OnnxModels uses),
     * or "cannot load X: ONNX Runtime refused it: ..."; {@code source} is a path or a phrase ("the
     * uploaded model for expert 'spam'").
     */
    static BadInputException refused(String source, OrtException e) {
        String advice = OrtMessages.advice(e.getMessage());
        String why = e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_PROTOBUF
                ? "not a valid ONNX model (truncated or corrupt protobuf)"
                : advice != null ? advice : "ONNX Runtime refused it: " + OrtMessages.clean(e.getMessage());
        return new BadInputException("cannot load " + source + ": " + why, e);
    }
}
