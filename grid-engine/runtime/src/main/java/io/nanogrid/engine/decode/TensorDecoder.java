package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.ModelRunException;
import io.nanogrid.engine.model.Value;
import java.util.List;
import java.util.Map;

/** Answers the raw output tensor. */
final class TensorDecoder implements OutputDecoder {
    private final String output;
    private final String source;

    TensorDecoder(String output, String source) {
        this.output = output;
        this.source = source;
    }

    @Override
    public Answer decode(Map<String, Value> outputs, Map<String, Value> inputs) {
        Value v = outputs.get(output);
        if (v instanceof FloatTensor f) {
            for (float x : f.values()) {
                if (!Float.isFinite(x)) {
                    throw new NanOutputException("model " + source + " output '" + output + "' holds NaN or infinity");
                }
            }
            return new TensorAnswer(output, f.shape(), f.values());
        }
        if (v instanceof LongTensor l) {
            float[] values = new float[l.values().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = l.values()[i];
            }
            return new TensorAnswer(output, l.shape(), values);
        }
        throw new ModelRunException("model " + source + " gave no tensor output '" + output + "'");
    }

    @Override
    public String output() {
        return output;
    }

    @Override
    public List<String> labels() {
        return List.of();
    }
}
