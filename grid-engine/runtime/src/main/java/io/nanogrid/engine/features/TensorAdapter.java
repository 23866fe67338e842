package io.nanogrid.engine.features;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Value;
import java.util.Map;

/** Passes a raw tensor through, adding a leading batch dimension of 1 when the model wants one more. */
final class TensorAdapter implements InputAdapter {
    private final String inputName;
    private final int rank;

    TensorAdapter(String inputName, int rank) {
        this.inputName = inputName;
        this.rank = rank;
    }

    @Override
    public Map<String, Value> apply(Request request) {
        if (!(request instanceof TensorRequest tr)) {
            String kind = request instanceof ImageRequest ? "an image" : "a " + request.kind();
            throw new BadRequestException("this model takes a tensor, not " + kind + " request");
        }
        Value v = tr.tensor();
        if (v instanceof FloatTensor f && f.shape().length == rank - 1) {
            v = new FloatTensor(batched(f.shape()), f.values());
        } else if (v instanceof LongTensor l && l.shape().length == rank - 1) {
            v = new LongTensor(batched(l.shape()), l.values());
        }
        return Map.of(inputName, v);
    }

    private static long[] batched(long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = 1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
