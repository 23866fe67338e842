package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.nanogrid.quantizer.onnx.ElementType;
import io.nanogrid.quantizer.onnx.TensorProtos;
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
        String codes = index.fresh(base + "_codes");
        nodes.add(WeightRewriter.node("", "Concat", node + "_planes", planes, List.of(codes),
                WeightRewriter.ints("axis", -1)));
        return codes;
    }

    private static String constant(GraphIndex index, List<TensorProto> tensors, String base, int value) {
        String name = index.fresh(base);
        tensors.add(TensorProtos.raw(name, ElementType.UINT8, new long[] {}, new byte[] {(byte) value}));
        return name;
    }

    private static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }
}
