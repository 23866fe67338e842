package io.nanogrid.engine.features;

import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Value;
import java.util.Map;

/** Feeds a text request's n-gram ids (int64 [1, n] or [n]) or mean counts (float [1, B]) to a model. */
final class TextAdapter implements InputAdapter {
    private final TextHashedNgrams featurizer;
    private final String inputName;
    private final boolean counts;
    private final boolean batched;

    TextAdapter(TextHashedNgramsSpec spec, String inputName, boolean batched) {
        this.featurizer = new TextHashedNgrams(spec);
        this.inputName = inputName;
        this.counts = spec.encoding().equals("counts");
        this.batched = batched;
    }

    @Override
    public Map<String, Value> apply(Request request) {
        String text = Requests.text(request);
        if (text == null) {
            throw Requests.wrongKind("text", request);
        }
        int[] ids = featurizer.ids(text);
        if (counts) {
            float[] dense = new float[featurizer.buckets()];
            float w = 1f / ids.length;
            for (int id : ids) {
                dense[id] += w;
            }
            return Map.of(inputName, new FloatTensor(new long[] {1, dense.length}, dense));
        }
        long[] values = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            values[i] = ids[i];
        }
        long[] shape = batched ? new long[] {1, ids.length} : new long[] {ids.length};
        return Map.of(inputName, new LongTensor(shape, values));
    }
}
