package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.model.Value;
import java.util.Map;

/** The router: featurize, run, decode to a route with its confidence. */
final class RouterStage {
    record Decision(LabelAnswer answer, long featurizeNanos, long routerNanos) {
    }

    private final LoadedModel model;
    private final long timeoutMillis;

    RouterStage(LoadedModel model, long timeoutMillis) {
        this.model = model;
        this.timeoutMillis = timeoutMillis;
    }

    LoadedModel loaded() {
        return model;
    }

    Decision decide(Request request) {
        long t0 = System.nanoTime();
        Map<String, Value> inputs = model.adapter().apply(request);
        long t1 = System.nanoTime();
        LabelAnswer a = (LabelAnswer) model.decoder().decode(model.model().run(inputs, timeoutMillis), inputs);
        return new Decision(a, t1 - t0, System.nanoTime() - t1);
    }

    void close() {
        model.close();
    }
}
