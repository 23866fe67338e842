package io.nanogrid.engine.features;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes tensors through: an unnamed one to the model's one free input, or named ones ("inputs") to
 * the inputs they name, each given a leading batch dimension of 1 when the model wants one more.
 */
final class TensorAdapter implements InputAdapter {
    private final List<TensorDesc> free;

    /** @param free the inputs the request fills (constants and state are added by others) */
    TensorAdapter(List<TensorDesc> free) {
        this.free = List.copyOf(free);
    }

    @Override
    public Map<String, Value> apply(Request request) {
        if (request instanceof TensorRequest tr) {
            if (free.size() != 1) {
                throw new BadRequestException("this model takes inputs " + Feeds.names(free) + "; send them by name "
                        + "(--input NAME=FILE.npy, or \"inputs\" over HTTP)");
            }
            TensorDesc in = free.get(0);
            return Map.of(in.name(), batched(tr.tensor(), in.rank()));
        }
        if (request instanceof InputsRequest ir) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : ir.inputs().entrySet()) {
                TensorDesc in = free.stream().filter(t -> t.name().equals(e.getKey())).findFirst().orElseThrow(
                        () -> new BadRequestException("unknown input '" + e.getKey() + "'; expected "
                                + Feeds.names(free)));
                out.put(in.name(), batched(e.getValue(), in.rank()));
            }
            for (TensorDesc in : free) {
                if (!out.containsKey(in.name())) {
                    throw new BadRequestException("missing input '" + in.name() + "' (" + in.describe() + ")");
                }
            }
            return out;
        }
        if (request instanceof TextRequest && free.stream().anyMatch(t -> t.name().equals("input_ids"))) {
            throw new BadRequestException("this model takes token ids " + Feeds.names(free) + ", not text; give "
                    + "its tokenizer (--tokenizer tokenizer.json, or an hf-tokenizer input in the grid file)");
        }
        throw Requests.wrongKind("tensors", request);
    }

    static Value batched(Value v, int rank) {
        if (v instanceof FloatTensor f && f.shape().length == rank - 1) {
            return new FloatTensor(batched(f.shape()), f.values());
        }
        if (v instanceof LongTensor l && l.shape().length == rank - 1) {
            return new LongTensor(batched(l.shape()), l.values());
        }
        if (v instanceof StringTensor s && s.shape().length == rank - 1) {
            return new StringTensor(batched(s.shape()), s.values());
        }
        return v;
    }

    private static long[] batched(long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = 1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
