package io.nanogrid.engine.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelClosedException;
import io.nanogrid.engine.model.ModelInputException;
import io.nanogrid.engine.model.ModelRunException;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.ModelTimeoutException;
import io.nanogrid.engine.model.Shapes;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model in an ONNX Runtime session. Closing is safe while runs are in flight: the session is
 * released when the last run returns, and no run starts on a closing model. That is what lets a
 * grid swap a model under load: a closed session is never handed to ONNX Runtime (which would
 * crash the JVM).
 */
final class OrtModel implements Model {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String source;
    private final ModelSignature signature;
    private final Map<String, TensorDesc> inputsByName = new HashMap<>();
    private final RunWatchdog watchdog;
    /** Runs in flight and the closed mark in one atomic word: see {@link RunGate} for why not two. */
    private final RunGate gate;

    private OrtModel(OrtEnvironment env, OrtSession session, String source, ModelSignature signature,
            RunWatchdog watchdog) {
        this.env = env;
        this.session = session;
        this.source = source;
        this.signature = signature;
        this.watchdog = watchdog;
        this.gate = new RunGate(this::release);
        signature.inputs().forEach(t -> inputsByName.put(t.name(), t));
    }

    static OrtModel open(OrtEnvironment env, OrtSession session, String source, RunWatchdog watchdog)
            throws OrtException {
        try {
            List<TensorDesc> inputs = new ArrayList<>();
            for (NodeInfo n : session.getInputInfo().values()) {
                inputs.add(OrtValues.describe(n));
            }
            List<TensorDesc> outputs = new ArrayList<>();
            for (NodeInfo n : session.getOutputInfo().values()) {
                outputs.add(OrtValues.describe(n));
            }
            // ONNX Runtime's Java binding gives null for a metadata key or value that is not valid UTF-8
            // (the bundle fuzz run found it); such entries are dropped rather than failing with an NPE.
            Map<String, String> metadata = new LinkedHashMap<>();
            session.getMetadata().getCustomMetadata().forEach((k, v) -> {
                if (k != null && v != null) {
                    metadata.put(k, v);
                }
            });
            return new OrtModel(env, session, source, new ModelSignature(inputs, outputs, metadata), watchdog);
        } catch (OrtException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Map<String, Value> run(Map<String, Value> inputs, long timeoutMillis) {
        check(inputs);
        if (!gate.enter()) {
            throw new ModelClosedException("model " + source + " is closed");
        }
        try {
            return runOpen(inputs, timeoutMillis);
        } finally {
            gate.exit();
        }
    }

    private Map<String, Value> runOpen(Map<String, Value> inputs, long timeoutMillis) {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (Map.Entry<String, Value> e : inputs.entrySet()) {
                tensors.put(e.getKey(), OrtValues.toNative(env, inputsByName.get(e.getKey()), e.getValue(), source));
            }
            if (timeoutMillis <= 0) {
                try (OrtSession.Result result = session.run(tensors)) {
                    return copy(result);
                }
            }
            try (RunWatchdog.Guard guard = watchdog.arm(timeoutMillis)) {
                try (OrtSession.Result result = session.run(tensors, guard.options())) {
                    return copy(result);
                } catch (OrtException e) {
                    if (guard.fired()) {
                        throw new ModelTimeoutException("model " + source + " took longer than " + timeoutMillis
                                + " ms and was stopped");
                    }
                    throw e;
                }
            }
        } catch (OrtException e) {
            throw new ModelRunException("model " + source + " failed: " + OrtMessages.clean(e.getMessage()), e);
        } catch (ArithmeticException e) {
            throw new ModelInputException("model " + source + ": an input value does not fit in int32");
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private Map<String, Value> copy(OrtSession.Result result) throws OrtException {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : result) {
            Value v = OrtValues.fromNative(e.getValue());
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    /** Checks names, element kinds, ranks and fixed dimensions before anything native is made. */
    private void check(Map<String, Value> inputs) {
        for (String name : inputs.keySet()) {
            if (!inputsByName.containsKey(name)) {
                throw new ModelInputException("model " + source + ": unknown input '" + name + "'; expected "
                        + expected());
            }
        }
        for (TensorDesc desc : signature.inputs()) {
            Value v = inputs.get(desc.name());
            if (v == null) {
                throw new ModelInputException("model " + source + ": missing input '" + desc.name() + "' ("
                        + desc.describe() + ")");
            }
            long[] shape = shapeOf(v);
            if (shape == null || desc.kind() != TensorDesc.Kind.TENSOR) {
                throw new ModelInputException("model " + source + ": input '" + desc.name() + "' expects "
                        + desc.describe() + ", got " + v.describe());
            }
            boolean fits = shape.length == desc.rank();
            for (int i = 0; fits && i < shape.length; i++) {
                Dim d = desc.shape().get(i);
                fits = !d.isFixed() || d.size() == shape[i];
            }
            if (!fits) {
                throw new ModelInputException("model " + source + ": input '" + desc.name() + "' expects shape "
                        + desc.describe() + ", got " + Shapes.format(shape));
            }
        }
    }

    private String expected() {
        return signature.inputs().stream().map(t -> t.name() + " " + t.describe())
                .collect(Collectors.joining(", "));
    }

    private static long[] shapeOf(Value v) {
        if (v instanceof FloatTensor f) {
            return f.shape();
        }
        if (v instanceof LongTensor l) {
            return l.shape();
        }
        if (v instanceof StringTensor s) {
            return s.shape();
        }
        return null;
    }

    @Override
    public void close() {
        gate.close();
    }

    /** Called once by the gate, when the model is closed and no run is inside. */
    private void release() {
        try {
            session.close();
        } catch (OrtException e) {
            // the session is gone either way
        }
    }
}
