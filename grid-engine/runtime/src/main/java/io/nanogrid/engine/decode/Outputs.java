package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.ModelRunException;
import io.nanogrid.engine.model.Value;
import java.util.Map;

/** Reading one float output of a run, the same way for every decoder. */
final class Outputs {
    private Outputs() {
    }

    /** The output as floats (integer outputs converted); a missing or non-tensor output is a ModelRunException. */
    static FloatTensor floats(Map<String, Value> outputs, String output, String source) {
        Value v = outputs.get(output);
        if (v instanceof FloatTensor f) {
            for (float x : f.values()) {
                if (!Float.isFinite(x)) {
                    throw new NanOutputException("model " + source + " output '" + output + "' holds NaN or infinity");
                }
            }
            return f;
        }
        if (v instanceof LongTensor l) {
            float[] values = new float[l.values().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = l.values()[i];
            }
            return new FloatTensor(l.shape(), values);
        }
        throw new ModelRunException("model " + source + (v == null ? " gave no output '" + output + "'"
                : " output '" + output + "' is " + v.describe() + ", not numbers"));
    }

    /** The first row of scores: [N, K] and [N, K, 1, 1] give K values. */
    static float[] firstRow(FloatTensor f) {
        int k = Scores.rowLength(f.shape(), f.values().length);
        if (k == f.values().length) {
            return f.values();
        }
        float[] row = new float[k];
        System.arraycopy(f.values(), 0, row, 0, k);
        return row;
    }
}
