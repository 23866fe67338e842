package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.ModelRunException;
import io.nanogrid.engine.model.Value;
import java.util.List;
import java.util.Map;

/**
 * One vector per request from an encoder: the token vectors of a [1, tokens, hidden] output averaged over
 * the attention mask (mean), or the first token's (cls); a [1, hidden] output as it is (none). Optionally
 * scaled to unit length, as sentence-transformers do before comparing by cosine.
 */
final class EmbeddingDecoder implements OutputDecoder {
    private final String output;
    private final String pooling;
    private final boolean normalize;
    private final String mask;
    private final String source;

    EmbeddingDecoder(String output, String pooling, boolean normalize, String mask, String source) {
        this.output = output;
        this.pooling = pooling;
        this.normalize = normalize;
        this.mask = mask;
        this.source = source;
    }

    @Override
    public Answer decode(Map<String, Value> outputs, Map<String, Value> inputs) {
        FloatTensor f = Outputs.floats(outputs, output, source);
        long[] shape = f.shape();
        float[] v;
        String how = pooling;
        if (shape.length == 3) {
            int tokens = (int) shape[1];
            int hidden = (int) shape[2];
            v = new float[hidden];
            if (pooling.equals("cls")) {
                System.arraycopy(f.values(), 0, v, 0, hidden);
            } else {
                long[] m = mask(inputs, tokens);
                double count = 0;
                double[] sum = new double[hidden];
                for (int t = 0; t < tokens; t++) {
                    if (m != null && m[t] == 0) {
                        continue;
                    }
                    count++;
                    for (int h = 0; h < hidden; h++) {
                        sum[h] += f.values()[t * hidden + h];
                    }
                }
                for (int h = 0; h < hidden; h++) {
                    v[h] = (float) (sum[h] / Math.max(count, 1e-9));
                }
                how = "mean";
            }
        } else if (shape.length <= 2) {
            v = Outputs.firstRow(f).clone();
            how = "none";
        } else {
            throw new ModelRunException("model " + source + " output '" + output + "' is " + f.describe()
                    + "; an embedding is pooled from [batch, tokens, hidden] or taken from [batch, hidden]");
        }
        if (normalize) {
            double norm = 0;
            for (float x : v) {
                norm += (double) x * x;
            }
            norm = Math.sqrt(norm);
            if (norm > 1e-12) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (v[i] / norm);
                }
            }
        }
        return new EmbeddingAnswer(v.length, how, normalize, v);
    }

    /** The attention mask of the run's first row, or null when the model has none (every token counts). */
    private long[] mask(Map<String, Value> inputs, int tokens) {
        Value m = inputs.get(mask);
        if (m instanceof LongTensor l && l.values().length >= tokens) {
            return l.values();
        }
        return null;
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
