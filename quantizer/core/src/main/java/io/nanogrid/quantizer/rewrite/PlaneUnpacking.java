package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathered rows of codes packed in planes ({@link Layouts#planes}) turned back into one uint8 code
 * per value with standard operators: BitwiseAnd and BitShift (opset 18) pick each plane out of the
 * bytes and Concat puts the planes side by side, which gives the columns in order. ONNX Runtime 1.29
 * cannot Gather int4/uint4 tensors (its Gather refuses them at load), so the table is gathered as
 * uint8 and unpacked after.
 */
final class PlaneUnpacking {
    private PlaneUnpacking() {
    }

    /**
     * Adds the nodes (to {@code nodes}) and constants (to {@code tensors}) that unpack {@code rows},
     * uint8 [..., cols * bits / 8], into uint8 codes [..., cols]; returns the codes' name, which is
     * {@code rows} itself at 8 bits.
     */
    static String unpack(GraphIndex index, String node, String base, String rows, int bits, List<NodeProto> nodes,
            List<TensorProto> tensors) {
        return unpack(index, node, base, rows, bits, -1, nodes, tensors);
    }

    /**
     * As {@link #unpack(GraphIndex, String, String, String, int, List, List)} with the planes
     * concatenated along {@code axis}: -1 gives the columns in order; 0, for rows [1, ...], gives
     * [planes, ..., cols / planes], which Concat copies in one piece per plane instead of one per row.
     */
    static String unpack(GraphIndex index, String node, String base, String rows, int bits, int axis,
            List<NodeProto> nodes, List<TensorProto> tensors) {
        if (bits == 8) {
            return rows;
        }
        int per = 8 / bits;
        String mask = constant(index, tensors, base + "_mask", (1 << bits) - 1);
        List<String> planes = new ArrayList<>();
        for (int p = 0; p < per; p++) {
            String plane = index.fresh(base + "_plane" + p);
            String shifted = rows;
            if (p > 0) {
                // the top plane needs no mask: the shift leaves only its bits
                shifted = p == per - 1 ? plane : index.fresh(base + "_shifted" + p);
                nodes.add(WeightRewriter.node("", "BitShift", node + "_shift" + p, List.of(rows, constant(index, tensors,
                        base + "_by" + p * bits, p * bits)), List.of(shifted), List.of(string("direction", "RIGHT"))));
            }
            if (p < per - 1) {
                nodes.add(WeightRewriter.node("", "BitwiseAnd", node + "_mask" + p, List.of(shifted, mask),
                        List.of(plane), List.of()));
            }
            planes.add(plane);
        }
        return concat(index, node, base, planes, axis, nodes);
    }

    /**
     * As {@link #unpack(GraphIndex, String, String, String, int, int, List, List)}, but each plane
     * holds its codes times 2^(8 - bits), in the byte's top bits, so that no right shift is needed:
     * a Mul by a power of two moves a plane up (the bits above fall off) and a BitwiseAnd clears the
     * planes below it. ONNX Runtime 1.29 runs uint8 Mul vectorized, BitShift and BitwiseAnd a byte at
     * a time (measured at 9,600 bytes: BitShift +3.7 us, BitwiseAnd +2.2 us, Mul +0 us); the
     * dequantization takes the factor back ({@link Layouts#dequantizedRows}). With {@code type} INT8
     * (symmetric codes stored as two's complement fields) the raised planes are signed: 16 (q - 8).
     * Needs Mul on 8-bit integers, opset 14.
     */
    static String unpackScaled(GraphIndex index, String node, String base, String rows, int bits, ElementType type,
            int axis, List<NodeProto> nodes, List<TensorProto> tensors) {
        if (bits == 8) {
            return rows;
        }
        int per = 8 / bits;
        int top = ((1 << bits) - 1) << (8 - bits);
        String mask = constant(index, tensors, base + "_top", type, top);
        List<String> planes = new ArrayList<>();
        for (int p = 0; p < per; p++) {
            String plane = index.fresh(base + "_plane" + p);
            String raised = rows;
            int up = 8 - bits * (p + 1); // plane p sits at bit bits * p
            if (up > 0) {
                raised = p == 0 ? plane : index.fresh(base + "_raised" + p);
                nodes.add(WeightRewriter.node("", "Mul", node + "_raise" + p, List.of(rows, constant(index, tensors,
                        base + "_times" + (1 << up), type, 1 << up)), List.of(raised), List.of()));
            }
            if (p > 0) {
                // plane 0 needs no mask: the raise leaves only its bits
                nodes.add(WeightRewriter.node("", "BitwiseAnd", node + "_mask" + p, List.of(raised, mask),
                        List.of(plane), List.of()));
            }
            planes.add(plane);
        }
        return concat(index, node, base, planes, axis, nodes);
    }

    private static String concat(GraphIndex index, String node, String base, List<String> planes, int axis,
            List<NodeProto> nodes) {
        String codes = index.fresh(base + "_codes");
        nodes.add(WeightRewriter.node("", "Concat", node + "_planes", planes, List.of(codes),
                WeightRewriter.ints("axis", axis)));
        return codes;
    }

    private static String constant(GraphIndex index, List<TensorProto> tensors, String base, int value) {
        return constant(index, tensors, base, ElementType.UINT8, value);
    }

    /** A scalar of an 8-bit type holding the byte {@code value} (as int8: its two's complement). */
    private static String constant(GraphIndex index, List<TensorProto> tensors, String base, ElementType type,
            int value) {
        String name = index.fresh(base);
        tensors.add(TensorProtos.raw(name, type, new long[] {}, new byte[] {(byte) value}));
        return name;
    }

    private static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }
}
