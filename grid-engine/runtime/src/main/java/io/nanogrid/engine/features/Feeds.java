package io.nanogrid.engine.features;

import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.TensorValue;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The inputs a model gets that the request does not give: constants (the same value every call) and
 * state (the previous call's outputs of the same session), checked against the model's signature.
 *
 * @param constants   fixed values by input name
 * @param state       state input name -> the output that feeds it next
 * @param stateInputs the state inputs' declarations (the initial zeros are shaped like them)
 * @param free        the inputs left for the request to fill, in the model's order
 */
public record Feeds(Map<String, Value> constants, Map<String, String> state, Map<String, TensorDesc> stateInputs,
        List<TensorDesc> free) {
    public static final Feeds NONE = new Feeds(Map.of(), Map.of(), Map.of(), List.of());

    /** Reads a spec's constants and state against a model; a misfit is a BadInputException naming it. */
    public static Feeds of(InputSpec spec, ModelSignature sig, String where) {
        Map<String, Value> constants = new LinkedHashMap<>();
        Map<String, TensorValue> given = spec.constants() != null ? spec.constants() : Map.of();
        for (Map.Entry<String, TensorValue> e : given.entrySet()) {
            String w = where + ": input.constants." + e.getKey();
            TensorDesc in = input(e.getKey(), sig, w);
            Value v = TensorValues.of(filledIn(e.getValue(), in), w);
            if (!TensorValues.fits(in, TensorValues.shapeOf(v))) {
                throw new BadInputException(w + ": " + v.describe() + " does not fit the input " + in.describe());
            }
            constants.put(e.getKey(), v);
        }
        Map<String, String> state = spec.state() != null ? spec.state() : Map.of();
        Map<String, TensorDesc> stateInputs = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : state.entrySet()) {
            String w = where + ": input.state." + e.getKey();
            TensorDesc in = input(e.getKey(), sig, w);
            TensorDesc out = sig.output(e.getValue()).orElseThrow(() -> new BadInputException(w + ": the model has "
                    + "no output '" + e.getValue() + "'; expected one of " + names(sig.outputs())));
            if (in.kind() != TensorDesc.Kind.TENSOR || out.kind() != TensorDesc.Kind.TENSOR
                    || in.type() != out.type() || in.rank() != out.rank()) {
                throw new BadInputException(w + ": the output '" + out.name() + "' (" + out.describe() + ") cannot "
                        + "feed the input " + in.describe());
            }
            for (int i = 0; i < in.rank(); i++) {
                if (in.shape().get(i).isFixed() && out.shape().get(i).isFixed()
                        && in.shape().get(i).size() != out.shape().get(i).size()) {
                    throw new BadInputException(w + ": the state changes shape: the input is " + in.describe()
                            + " but the output '" + out.name() + "' is " + out.describe());
                }
            }
            stateInputs.put(e.getKey(), in);
        }
        List<TensorDesc> free = new ArrayList<>();
        for (TensorDesc in : sig.inputs()) {
            if (!constants.containsKey(in.name()) && !state.containsKey(in.name())) {
                free.add(in);
            }
        }
        return new Feeds(Map.copyOf(constants), Map.copyOf(state), Map.copyOf(stateInputs), List.copyOf(free));
    }

    /**
     * A constant written without its type or shape ("sr": [16000] from the command line) takes the input's:
     * its element type, and a shape of 1s with the values along the last axis.
     */
    private static TensorValue filledIn(TensorValue v, TensorDesc in) {
        String type = v.type() != null ? v.type() : in.type() == null ? "float" : switch (in.type()) {
            case FLOAT16, BFLOAT16 -> "float";
            default -> in.type().onnxName();
        };
        List<Long> shape = v.shape();
        if (shape == null && in.rank() > 0) {
            shape = new ArrayList<>();
            for (int i = 0; i < in.rank() - 1; i++) {
                shape.add(1L);
            }
            shape.add((long) v.data().size());
        } else if (shape == null) {
            shape = List.of();
        }
        return new TensorValue(shape, type, v.data());
    }

    public boolean stateful() {
        return !state.isEmpty();
    }

    /** The free input to feed: the one named, else the only free one. */
    public TensorDesc freeInput(String name, ModelSignature sig, String where) {
        if (name != null) {
            TensorDesc in = input(name, sig, where);
            if (!free.contains(in)) {
                throw new BadInputException(where + ": input '" + name + "' is fed by input."
                        + (constants.containsKey(name) ? "constants" : "state") + "; the request cannot feed it too");
            }
            return in;
        }
        if (free.size() != 1) {
            throw new BadInputException(where + ": the model has inputs " + names(sig.inputs()) + " and "
                    + (free.isEmpty() ? "none is left for the request" : free.size() + " are left for the request "
                    + names(free)) + "; say which one the request feeds with input.modelInput, and fix the others "
                    + "with input.constants or input.state");
        }
        return free.get(0);
    }

    private static TensorDesc input(String name, ModelSignature sig, String where) {
        return sig.input(name).orElseThrow(() -> new BadInputException(where + ": the model has no input '" + name
                + "'; expected one of " + names(sig.inputs())));
    }

    static String names(List<TensorDesc> list) {
        return list.stream().map(TensorDesc::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
