package io.nanogrid.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Builds and reads ONNX TensorProto values (little-endian raw_data, as ONNX specifies). */
public final class TensorProtos {
    private TensorProtos() {
    }

    public static TensorProto floats(String name, long[] dims, float[] values) {
        checkSize(name, dims, values.length);
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return raw(name, ElementType.FLOAT, dims, buf.array());
    }

    public static TensorProto longs(String name, long[] dims, long[] values) {
        checkSize(name, dims, values.length);
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return raw(name, ElementType.INT64, dims, buf.array());
    }

    /** A tensor whose raw_data is already packed in ONNX layout (used for 2/4-bit and 8-bit data). */
    public static TensorProto raw(String name, ElementType type, long[] dims, byte[] rawData) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type.code());
        for (long d : dims) {
            b.addDims(d);
        }
        return b.setRawData(ByteString.copyFrom(rawData)).build();
    }

    /** Number of elements of a shape (1 for a scalar). */
    public static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    public static long[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The values of a float tensor, from raw_data or float_data. External data must be loaded first. */
    public static float[] toFloats(TensorProto t) {
        if (t.getDataType() != ElementType.FLOAT.code()) {
            throw new IllegalArgumentException("tensor " + t.getName() + " is "
                    + ElementType.fromCode(t.getDataType()) + ", not float");
        }
        int n = Math.toIntExact(elements(dims(t)));
        float[] out = new float[n];
        checkRawSize(t, n, 4);
        if (!t.getRawData().isEmpty()) {
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        } else if (t.getFloatDataCount() == n) {
            for (int i = 0; i < n; i++) {
                out[i] = t.getFloatData(i);
            }
        } else if (n > 0) {
            throw new IllegalArgumentException("tensor " + t.getName() + " has no data in the file"
                    + (t.getExternalDataCount() > 0 ? " (its data is external)" : ""));
        }
        return out;
    }

    /** The values of an int64 tensor, from raw_data or int64_data. */
    public static long[] toLongs(TensorProto t) {
        if (t.getDataType() != ElementType.INT64.code()) {
            throw new IllegalArgumentException("tensor " + t.getName() + " is "
                    + ElementType.fromCode(t.getDataType()) + ", not int64");
        }
        int n = Math.toIntExact(elements(dims(t)));
        long[] out = new long[n];
        checkRawSize(t, n, 8);
        if (!t.getRawData().isEmpty()) {
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        } else {
            for (int i = 0; i < n && i < t.getInt64DataCount(); i++) {
                out[i] = t.getInt64Data(i);
            }
        }
        return out;
    }

    /** raw_data, when given, must hold exactly the shape's values (a short one threw BufferUnderflowException). */
    private static void checkRawSize(TensorProto t, int n, int bytesPerValue) {
        if (!t.getRawData().isEmpty() && t.getRawData().size() != (long) n * bytesPerValue) {
            throw new IllegalArgumentException("tensor " + t.getName() + " has shape " + Arrays.toString(dims(t))
                    + " (" + (long) n * bytesPerValue + " bytes) but " + t.getRawData().size() + " bytes of data");
        }
    }

    private static void checkSize(String name, long[] dims, int length) {
        if (elements(dims) != length) {
            throw new IllegalArgumentException("tensor " + name + ": " + length + " values do not fill shape "
                    + Arrays.toString(dims));
        }
    }
}
