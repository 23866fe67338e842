package io.nanogrid.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.files.BadInputException;
import java.util.Arrays;

/**
 * Checks every initializer of a model against its shape before anything reads its values: a negative or
 * overflowing dimension, an unknown element type, or data of the wrong size (raw_data, or the typed field
 * for float, int64 and double) is one line naming the initializer, where reading it threw
 * BufferUnderflowException or quietly quantized garbage. External data must be loaded first.
 */
public final class Initializers {
    private Initializers() {
    }

    /** Throws a BadInputException "cannot load WHERE: initializer 'W' (float [64, 64]) needs ..." for the first misfit. */
    public static void check(ModelProto model, String where) {
        check(model.getGraph(), where);
    }

    private static void check(GraphProto graph, String where) {
        for (TensorProto t : graph.getInitializerList()) {
            String problem = problem(t);
            if (problem != null) {
                throw new BadInputException("cannot load " + where + ": initializer '" + t.getName() + "' ("
                        + ElementType.fromCode(t.getDataType()) + " " + Arrays.toString(TensorProtos.dims(t)) + ") "
                        + problem);
            }
        }
        graph.getNodeList().forEach(n -> n.getAttributeList().forEach(a -> {
            if (a.hasG()) {
                check(a.getG(), where);
            }
            a.getGraphsList().forEach(g -> check(g, where));
        }));
    }

    /** What is wrong with one initializer, or null. */
    static String problem(TensorProto t) {
        ElementType type = ElementType.fromCode(t.getDataType());
        if (type == ElementType.UNDEFINED) {
            return "has an unknown element type (data_type " + t.getDataType() + ")";
        }
        long elements = 1;
        for (long d : TensorProtos.dims(t)) {
            if (d < 0) {
                return "has a negative dimension";
            }
            if (d > 0 && elements > Long.MAX_VALUE / d) {
                return "has more elements than a file can hold";
            }
            elements *= d;
        }
        if (type.bits() == 0 || (t.getExternalDataCount() > 0 && t.getRawData().isEmpty())) {
            return null; // strings have no fixed size; external data not loaded is read (and checked) elsewhere
        }
        if (!t.getRawData().isEmpty()) {
            long needed = type.bytesFor(elements);
            return t.getRawData().size() == needed ? null
                    : "needs " + needed + " bytes, holds " + t.getRawData().size();
        }
        long given = switch (type) {
            case FLOAT -> t.getFloatDataCount();
            case INT64 -> t.getInt64DataCount();
            case DOUBLE -> t.getDoubleDataCount();
            default -> -1; // other types pack their values into int32_data in ways of their own
        };
        return given < 0 || given == elements ? null : "needs " + elements + " values, holds " + given;
    }
}
