package io.nanogrid.engine.ort;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.MapList;
import io.nanogrid.engine.model.ModelInputException;
import io.nanogrid.engine.model.Shapes;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.onnx.ElementType;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between our plain values and ONNX Runtime's native ones. Nothing native escapes. */
final class OrtValues {
    private OrtValues() {
    }

    static TensorDesc describe(NodeInfo node) {
        ValueInfo info = node.getInfo();
        if (info instanceof TensorInfo t) {
            long[] shape = t.getShape();
            String[] names = t.getDimensionNames();
            List<Dim> dims = new ArrayList<>(shape.length);
            for (int i = 0; i < shape.length; i++) {
                dims.add(shape[i] >= 0 ? Dim.fixed(shape[i]) : Dim.symbolic(i < names.length ? names[i] : null));
            }
            return new TensorDesc(node.getName(), TensorDesc.Kind.TENSOR, elementType(t.onnxType), dims);
        }
        if (info instanceof SequenceInfo) {
            return new TensorDesc(node.getName(), TensorDesc.Kind.SEQUENCE, null, List.of());
        }
        if (info instanceof MapInfo) {
            return new TensorDesc(node.getName(), TensorDesc.Kind.MAP, null, List.of());
        }
        return new TensorDesc(node.getName(), TensorDesc.Kind.OTHER, null, List.of());
    }

    /** ONNX Runtime's Java enum numbers types its own way; its names carry the ONNX type name. */
    static ElementType elementType(TensorInfo.OnnxTensorType type) {
        String name = type.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
        try {
            return ElementType.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ElementType.UNDEFINED;
        }
    }

    /** Creates the native tensor for one input; the caller closes it. */
    static OnnxTensor toNative(OrtEnvironment env, TensorDesc desc, Value value, String source)
            throws OrtException {
        ElementType want = desc.type();
        if (value instanceof FloatTensor f) {
            return switch (want) {
                case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(f.values()), f.shape());
                case DOUBLE -> {
                    double[] d = new double[f.values().length];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = f.values()[i];
                    }
                    yield OnnxTensor.createTensor(env, DoubleBuffer.wrap(d), f.shape());
                }
                default -> throw mismatch(desc, value, source);
            };
        }
        if (value instanceof LongTensor l) {
            long[] v = l.values();
            return switch (want) {
                case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(v), l.shape());
                case INT32 -> {
                    int[] out = new int[v.length];
                    for (int i = 0; i < v.length; i++) {
                        out[i] = Math.toIntExact(v[i]);
                    }
                    yield OnnxTensor.createTensor(env, IntBuffer.wrap(out), l.shape());
                }
                case FLOAT -> {
                    float[] out = new float[v.length];
                    for (int i = 0; i < v.length; i++) {
                        out[i] = v[i];
                    }
                    yield OnnxTensor.createTensor(env, FloatBuffer.wrap(out), l.shape());
                }
                case INT8, UINT8, BOOL -> {
                    ByteBuffer out = ByteBuffer.allocateDirect(v.length);
                    for (long x : v) {
                        out.put((byte) x);
                    }
                    out.rewind();
                    yield OnnxTensor.createTensor(env, out, l.shape(), switch (want) {
                        case INT8 -> OnnxJavaType.INT8;
                        case BOOL -> OnnxJavaType.BOOL;
                        default -> OnnxJavaType.UINT8;
                    });
                }
                default -> throw mismatch(desc, value, source);
            };
        }
        if (value instanceof StringTensor s && want == ElementType.STRING) {
            return OnnxTensor.createTensor(env, s.values(), s.shape());
        }
        throw mismatch(desc, value, source);
    }

    private static ModelInputException mismatch(TensorDesc desc, Value value, String source) {
        return new ModelInputException("model " + source + ": input '" + desc.name() + "' expects "
                + desc.describe() + ", got " + value.describe());
    }

    /** Copies a native output into a plain value; returns null for kinds we do not carry. */
    static Value fromNative(OnnxValue value) throws OrtException {
        if (value instanceof OnnxTensor t) {
            return tensor(t);
        }
        if (value instanceof OnnxSequence seq) {
            List<Map<String, Float>> maps = new ArrayList<>();
            for (OnnxValue element : seq.getValue()) {
                if (!(element instanceof OnnxMap map)) {
                    return null;
                }
                maps.add(map(map));
            }
            return new MapList(maps);
        }
        if (value instanceof OnnxMap map) {
            return new MapList(List.of(map(map)));
        }
        return null;
    }

    private static Map<String, Float> map(OnnxMap map) throws OrtException {
        Map<String, Float> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.getValue().entrySet()) {
            out.put(String.valueOf(e.getKey()), ((Number) e.getValue()).floatValue());
        }
        return out;
    }

    private static Value tensor(OnnxTensor t) throws OrtException {
        TensorInfo info = t.getInfo();
        long[] shape = info.getShape();
        int n = Math.toIntExact(Shapes.elements(shape));
        switch (info.type) {
            case FLOAT, FLOAT16, BFLOAT16 -> {
                float[] out = new float[n];
                FloatBuffer b = t.getFloatBuffer();
                b.get(out);
                return new FloatTensor(shape, out);
            }
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.get(i);
                }
                return new FloatTensor(shape, out);
            }
            case INT64 -> {
                long[] out = new long[n];
                t.getLongBuffer().get(out);
                return new LongTensor(shape, out);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
                return new LongTensor(shape, out);
            }
            case INT16 -> {
                ShortBuffer b = t.getShortBuffer();
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
                return new LongTensor(shape, out);
            }
            case INT8, UINT8, BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                boolean unsigned = info.type != OnnxJavaType.INT8;
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = unsigned ? b.get(i) & 0xFF : b.get(i);
                }
                return new LongTensor(shape, out);
            }
            case STRING -> {
                List<String> flat = new ArrayList<>(n);
                flatten(t.getValue(), flat);
                return new StringTensor(shape, flat.toArray(new String[0]));
            }
            default -> {
                return null;
            }
        }
    }

    private static void flatten(Object o, List<String> out) {
        if (o instanceof String s) {
            out.add(s);
        } else if (o != null && o.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(o); i++) {
                flatten(Array.get(o, i), out);
            }
        }
    }
}
