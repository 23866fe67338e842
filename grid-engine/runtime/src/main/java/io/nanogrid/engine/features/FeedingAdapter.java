package io.nanogrid.engine.features;

import io.nanogrid.engine.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adds the constant inputs to every step an adapter makes. */
final class FeedingAdapter implements InputAdapter {
    private final InputAdapter inner;
    private final Map<String, Value> constants;

    FeedingAdapter(InputAdapter inner, Map<String, Value> constants) {
        this.inner = inner;
        this.constants = constants;
    }

    @Override
    public Map<String, Value> apply(Request request) {
        return with(inner.apply(request));
    }

    @Override
    public List<Map<String, Value>> steps(Request request) {
        List<Map<String, Value>> out = new ArrayList<>();
        for (Map<String, Value> step : inner.steps(request)) {
            out.add(with(step));
        }
        return out;
    }

    @Override
    public double stepSeconds() {
        return inner.stepSeconds();
    }

    @Override
    public void close() {
        inner.close();
    }

    private Map<String, Value> with(Map<String, Value> step) {
        Map<String, Value> m = new LinkedHashMap<>(step);
        m.putAll(constants);
        return m;
    }
}
