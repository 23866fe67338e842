package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.EmbeddingAnswer;
import io.nanogrid.engine.features.EncodedText;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import java.util.List;
import java.util.Map;

/** The grid's shared encoder: the text of a request to its embedding, once, for every head that takes it. */
final class EncoderStage {
    private final LoadedModel model;
    private final long timeoutMillis;
    private final int dimensions;

    private EncoderStage(LoadedModel model, long timeoutMillis, int dimensions) {
        this.model = model;
        this.timeoutMillis = timeoutMillis;
        this.dimensions = dimensions;
    }

    /** Loads and binds the encoder; a problem is fatal (no head on it could answer). */
    static EncoderStage open(EncoderSpec spec, ModelBinder binder, java.nio.file.Path baseDir, long timeoutMillis) {
        String where = "encoder (" + spec.model() + ")";
        LoadedModel m = binder.loadOrThrow(baseDir.resolve(spec.model()), spec.input(), spec.output(), where);
        TensorDesc out = m.model().signature().output(m.decoder().output()).orElseThrow();
        if (out.shape().isEmpty() || !out.shape().get(out.rank() - 1).isFixed()) {
            m.close();
            throw new BadInputException(where + ": output '" + out.name() + "' " + out.describe() + " has no fixed "
                    + "width; an encoder's embedding needs one");
        }
        return new EncoderStage(m, timeoutMillis, (int) out.shape().get(out.rank() - 1).size());
    }

    int dimensions() {
        return dimensions;
    }

    LoadedModel loaded() {
        return model;
    }

    /** The request with its embedding (the input adapter's own errors pass through as bad requests). */
    EncodedText encode(TextRequest request) {
        List<Map<String, Value>> steps = ModelCall.steps(model, request);
        Map<String, Value> inputs = steps.get(0);
        Map<String, Value> outputs = model.model().run(inputs, timeoutMillis);
        EmbeddingAnswer a = (EmbeddingAnswer) model.decoder().decode(outputs, inputs);
        return new EncodedText(request.text(), a.embedding());
    }

    Model modelOf() {
        return model.model();
    }

    void close() {
        model.close();
    }
}
