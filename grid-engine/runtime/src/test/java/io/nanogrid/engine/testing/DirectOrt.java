package io.nanogrid.engine.testing;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime called directly, with nothing of ours in between: what tests check the grid's answers
 * against. Inputs are float[] or long[] with a shape, or String[]; outputs come back as flat float[].
 */
public final class DirectOrt implements AutoCloseable {
    /** A tensor to feed: values (float[], long[] or String[]) and a shape. */
    public record In(Object values, long... shape) {
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public DirectOrt(Path model) {
        try {
            session = env.createSession(model.toString(), new OrtSession.SessionOptions());
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs once; every float output flattened, by name. */
    public Map<String, float[]> run(Map<String, In> inputs) {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, In> e : inputs.entrySet()) {
                In in = e.getValue();
                OnnxTensor t = in.values() instanceof float[] f ? OnnxTensor.createTensor(env, FloatBuffer.wrap(f),
                        in.shape()) : in.values() instanceof long[] l ? OnnxTensor.createTensor(env,
                        LongBuffer.wrap(l), in.shape()) : OnnxTensor.createTensor(env, (String[]) in.values(),
                        in.shape());
                tensors.put(e.getKey(), t);
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            try (OrtSession.Result r = session.run(tensors)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    if (e.getValue() instanceof OnnxTensor t && t.getInfo().type == OnnxJavaType.FLOAT) {
                        FloatBuffer b = t.getFloatBuffer();
                        float[] values = new float[b.remaining()];
                        b.get(values);
                        out.put(e.getKey(), values);
                    }
                }
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
