package io.nanogrid.engine.runtime;

import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The grid's stages one by one, the same adapters and sessions the grid uses, without the grid
 * around them: what the benchmark times to measure the grid's own overhead.
 */
public final class Stages {
    private final EncoderStage encoder;
    private final RouterStage router;
    private final Map<String, ExpertSlot> experts;

    Stages(EncoderStage encoder, RouterStage router, Map<String, ExpertSlot> experts) {
        this.encoder = encoder;
        this.router = router;
        this.experts = experts;
    }

    /** The request as the heads see it: a text with the shared encoder's embedding when the grid has one. */
    public Request encode(Request request) {
        return encoder != null && request instanceof TextRequest t ? encoder.encode(t) : request;
    }

    public boolean hasRouter() {
        return router != null;
    }

    public Map<String, Value> featurizeRouter(Request request) {
        return router.loaded().adapter().apply(request);
    }

    public Map<String, Value> runRouter(Map<String, Value> inputs) {
        return router.loaded().model().run(inputs);
    }

    /** False when the expert has no usable model. */
    public boolean expertUsable(String id) {
        ExpertSlot slot = experts.get(id);
        return slot != null && slot.loaded().problem() == null;
    }

    public Map<String, Value> featurizeExpert(String id, Request request) {
        return experts.get(id).loaded().adapter().apply(request);
    }

    public Map<String, Value> runExpert(String id, Map<String, Value> inputs) {
        return experts.get(id).loaded().model().run(inputs);
    }

    /** The model that sees requests first: the router, or the only expert of a grid without one. */
    public Model entryModel() {
        return entry().model();
    }

    /** The input adapter spec of the entry model, as resolved (given, from metadata, or guessed). */
    public InputSpec entryInput() {
        return entry().inputSpec();
    }

    private LoadedModel entry() {
        return router != null ? router.loaded() : experts.values().iterator().next().loaded();
    }

    /** Every model the grid has loaded (encoder and router first). */
    public Map<String, Model> models() {
        Map<String, Model> out = new LinkedHashMap<>();
        if (encoder != null) {
            out.put("encoder", encoder.modelOf());
        }
        if (router != null) {
            out.put("router", router.loaded().model());
        }
        experts.forEach((id, slot) -> {
            if (slot.loaded().model() != null) {
                out.put(id, slot.loaded().model());
            }
        });
        return out;
    }
}
