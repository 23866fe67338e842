package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.Answer;
import io.nanogrid.engine.decode.FramesAnswer;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorValues;
import io.nanogrid.engine.model.ModelRunException;
import io.nanogrid.engine.model.Shapes;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request through one loaded model: the adapter's steps (one, or one per frame of a recording), each
 * run with the state the previous step (or the session's previous call) left, each decoded with the inputs
 * it ran on. A stream of several steps answers one {@link FramesAnswer}.
 */
final class ModelCall {
    private ModelCall() {
    }

    /** The model's inputs for each step of the request (the adapter's work, timed as featurizing). */
    static List<Map<String, Value>> steps(LoadedModel m, Request request) {
        return m.adapter().steps(request);
    }

    /**
     * @param steps   from {@link #steps}
     * @param session the session whose state to carry from call to call, or null for a fresh state
     * @param limit   time limit per model run, ms (0 for none)
     */
    static Answer run(LoadedModel m, List<Map<String, Value>> steps, String session, long limit) {
        boolean stateful = m.feeds().stateful();
        Map<String, Value> state = stateful && session != null ? m.states().get(session) : null;
        if (stateful && state == null) {
            state = zeros(m);
        }
        List<FramesAnswer.Frame> frames = new ArrayList<>();
        Answer last = null;
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Value> inputs = steps.get(i);
            if (stateful) {
                inputs = new LinkedHashMap<>(inputs);
                inputs.putAll(state);
            }
            Map<String, Value> outputs = m.model().run(inputs, limit);
            last = m.decoder().decode(outputs, inputs);
            if (stateful) {
                state = next(m, state, outputs);
            }
            if (steps.size() > 1 || m.adapter().stepSeconds() > 0) {
                double t = i * m.adapter().stepSeconds();
                frames.add(last instanceof LabelAnswer a ? new FramesAnswer.Frame(t, a.label(), a.score(), last)
                        : new FramesAnswer.Frame(t, null, null, last));
            }
        }
        if (stateful && session != null) {
            m.states().put(session, state);
        }
        return frames.isEmpty() ? last : new FramesAnswer(m.adapter().stepSeconds(), frames);
    }

    private static Map<String, Value> zeros(LoadedModel m) {
        Map<String, Value> z = new LinkedHashMap<>();
        m.feeds().stateInputs().forEach((name, desc) -> z.put(name, TensorValues.zeros(desc)));
        return z;
    }

    /** The state for the next step: each state input's output, which must keep the state's shape. */
    private static Map<String, Value> next(LoadedModel m, Map<String, Value> previous, Map<String, Value> outputs) {
        Map<String, Value> next = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.feeds().state().entrySet()) {
            Value v = outputs.get(e.getValue());
            if (v == null) {
                throw new ModelRunException("model " + m.source() + " gave no output '" + e.getValue()
                        + "' for its state input '" + e.getKey() + "'");
            }
            long[] was = TensorValues.shapeOf(previous.get(e.getKey()));
            long[] now = TensorValues.shapeOf(v);
            TensorDesc desc = m.feeds().stateInputs().get(e.getKey());
            if (now == null || !Arrays.equals(was, now) || !TensorValues.fits(desc, now)) {
                throw new ModelRunException("model " + m.source() + ": state '" + e.getKey() + "' changed shape "
                        + "from " + Shapes.format(was) + " to " + (now == null ? v.describe() : Shapes.format(now))
                        + " (output '" + e.getValue() + "'); a state must keep its shape from call to call");
            }
            next.put(e.getKey(), v);
        }
        return next;
    }
}
