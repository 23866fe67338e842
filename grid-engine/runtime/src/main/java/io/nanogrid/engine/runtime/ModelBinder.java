package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.OutputDecoder;
import io.nanogrid.engine.decode.OutputDecoders;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model and binds its adapter and decoder; a missing or unusable model becomes a broken slot. */
final class ModelBinder {
    private final ModelLoader loader;
    private final Path baseDir;

    /** @param baseDir the folder files named by adapter specs (a tokenizer.json) are relative to */
    ModelBinder(ModelLoader loader, Path baseDir) {
        this.loader = loader;
        this.baseDir = baseDir;
    }

    /** Loads and binds, or throws BadInputException (the caller decides whether that is fatal). */
    LoadedModel loadOrThrow(Path file, InputSpec input, OutputSpec output, String where) {
        Model model = loader.load(file);
        return bind(model, input, output, where);
    }

    LoadedModel bind(Model model, InputSpec input, OutputSpec output, String where) {
        try {
            InputSpec in = InputAdapters.resolve(input, model.signature(), where);
            OutputSpec out = OutputDecoders.resolve(output, model.signature(), where);
            OutputDecoder decoder = OutputDecoders.bind(out, model.signature(), where);
            InputAdapters.Bound bound = InputAdapters.bind(in, model.signature(), baseDir, where);
            return LoadedModel.of(model, in, bound.adapter(), decoder, bound.feeds());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Loads and binds; problems become a broken slot that answers each request with a typed error. */
    LoadedModel load(Path file, InputSpec input, OutputSpec output, String where) {
        if (!Files.exists(file)) {
            return LoadedModel.broken(ErrorCode.MODEL_MISSING, where + ": model file not found: " + file,
                    file.toString());
        }
        try {
            return loadOrThrow(file, input, output, where);
        } catch (BadInputException e) {
            return LoadedModel.broken(ErrorCode.MODEL_INVALID, e.getMessage(), file.toString());
        }
    }
}
