package io.nanogrid.engine.features;

import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.Value;
import java.util.Map;

/** Feeds raw text to a string tensor input: [] , [1] or [1, 1] as the input's rank asks. */
final class StringAdapter implements InputAdapter {
    private final String input;
    private final long[] shape;

    StringAdapter(String input, int rank) {
        this.input = input;
        this.shape = new long[rank];
        java.util.Arrays.fill(shape, 1);
    }

    @Override
    public Map<String, Value> apply(Request request) {
        String text = Requests.text(request);
        if (text == null) {
            throw Requests.wrongKind("text", request);
        }
        return Map.of(input, new StringTensor(shape, new String[] {text}));
    }
}
