package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.BlockQuantizer;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import java.util.ArrayList;
import java.util.List;

/**
 * An embedding table's Gather as Gather of the packed rows, unpacking
 * ({@link PlaneUnpacking#unpackScaled}) and one DequantizeLinear fed with the gathered rows' scales
 * and zero points (see {@link GatherForm#DQ}). With one block per row and indices [n] or [1, n] the
 * DequantizeLinear is per axis (opset 13), which ONNX Runtime 1.29 runs faster than the blocked
 * form (opset 21) that several blocks per row, or other index shapes, need.
 *
 * <p>Each operator costs ONNX Runtime a fixed 0.3-1 us per request on these sizes, on top of its
 * work per value, and the float model's Gather is one operator. Measured p50 of one ONNX Runtime
 * call, sample sentiment expert at 4 bits, 150 / 600 ids: float 8.5-8.9 / 15.6-18.5 us, this form
 * 12.9-13.0 / 22.0-22.3 us, {@link GatherForm#UNPACK} 19.3-19.5 / 45.2 us.
 */
final class DequantizedGather {
    /** DequantizeLinear with an axis attribute. */
    static final int PER_AXIS_OPSET = 13;
    /** DequantizeLinear with block_size. */
    static final int BLOCKED_OPSET = 21;

    private final GraphIndex index;
    private final QuantizeOptions options;
    private final BlockQuantizer quantizer;

    DequantizedGather(GraphIndex index, QuantizeOptions options, BlockQuantizer quantizer) {
        this.index = index;
        this.options = options;
        this.quantizer = quantizer;
    }

    /** The block length used for a table with rows of {@code cols} values: the largest divisor of the row up to the spec's. */
    static int block(int cols, QuantSpec spec) {
        return UnpackedGather.largestDivisorUpTo(cols, spec.block());
    }

    /** True when each row is one block and the indices are [n] or [1, n]: the scales are dequantized per axis. */
    static boolean perAxis(int cols, QuantSpec spec, long[] indicesShape) {
        return block(cols, spec) == cols && indicesShape != null
                && (indicesShape.length == 1 || (indicesShape.length == 2 && indicesShape[0] == 1));
    }

    /** The ai.onnx opset this form needs for a table: BitwiseAnd (18) and uint8 Mul (14) unpack sub-byte codes. */
    static int opsetNeeded(int cols, QuantSpec spec, long[] indicesShape) {
        int dq = perAxis(cols, spec, indicesShape) ? PER_AXIS_OPSET : BLOCKED_OPSET;
        return spec.bits() < 8 ? Math.max(dq, ModelQuantizer.UNPACK_OPSET) : dq;
    }

    Rewrite rewrite(NodeProto n, String node, Constant w, WeightMatrix m) {
        String ids = n.getInput(1);
        long[] idsShape = index.shape(ids);
        QuantSpec spec = options.spec().withBlock(block(m.cols, options.spec()));
        boolean perAxis = perAxis(m.cols, spec, idsShape);
        WeightMatrix.Quantized q = m.quantize(quantizer, spec);
        String base = w.name();
        Layouts.Tensors t = Layouts.dequantizedRows(q.matrix(), index.fresh(base + "_q" + spec.bits()),
                index.fresh(base + "_scales"), index.fresh(base + "_zero_points"), perAxis);
        List<TensorProto> tensors = new ArrayList<>(WeightRewriter.nonNull(t));
        List<NodeProto> nodes = new ArrayList<>();
        String rows = index.fresh(base + "_rows");
        nodes.add(WeightRewriter.node("", "Gather", node + "_rows", List.of(t.data().getName(), ids), List.of(rows),
                WeightRewriter.ints("axis", 0)));
        // Sub-byte rows averaged by an embedding bag's ReduceMean: the planes go side by side on a new
        // first axis (Concat copies one piece per plane, not one per row) and the mean is reshaped
        BagMean bag = perAxis && spec.bits() < 8 && idsShape.length == 2 ? BagMean.of(index, n) : null;
        String codes = PlaneUnpacking.unpackScaled(index, node, base, rows, spec.bits(), ElementType.fromCode(
                t.data().getDataType()), bag != null ? 0 : -1, nodes, tensors);
        String rowIds = ids;
        List<AttributeProto> attributes;
        if (perAxis) {
            if (idsShape.length == 2) {
                // [1, n] -> [n]: per-axis scales are one-dimensional (a Reshape: Squeeze changed form at opset 13)
                String flat = index.fresh(base + "_flat");
                tensors.add(TensorProtos.longs(flat, new long[] {1}, new long[] {-1}));
                rowIds = index.fresh(base + "_row_ids");
                nodes.add(WeightRewriter.node("", "Reshape", node + "_row_ids", List.of(ids, flat), List.of(rowIds),
                        List.of()));
            }
            attributes = WeightRewriter.ints("axis", idsShape.length - 1);
        } else {
            attributes = WeightRewriter.ints("axis", -1, "block_size", spec.block());
        }
        // One scale and zero point per row: GatherElements on the one-dimensional tables, which ONNX
        // Runtime 1.29 runs in about a fifth of Gather's time per index (Gather divides int64s for each)
        String op = perAxis ? "GatherElements" : "Gather";
        List<String> inputs = new ArrayList<>(List.of(codes, gather(nodes, op, node + "_scales", t.scales(), rowIds)));
        if (t.zeroPoints() != null) {
            inputs.add(gather(nodes, op, node + "_zero_points", t.zeroPoints(), rowIds));
        }
        String values = bag != null ? index.fresh(base + "_plane_values") : n.getOutput(0);
        nodes.add(WeightRewriter.node("", "DequantizeLinear", node + "_dequantized", inputs, List.of(values),
                attributes));
        List<Rewrite.Replacement> also = bag != null ? List.of(bag.over(index, values, m.cols, tensors)) : List.of();
        String storedAs = "Gather + DequantizeLinear " + (perAxis ? "per row" : "blocked");
        return new Rewrite(nodes, tensors, WeightRewriter.report(w, n, node, storedAs, spec, t.bytes(), q.rmse()),
                also);
    }

    private String gather(List<NodeProto> nodes, String op, String name, TensorProto table, String ids) {
        String out = index.fresh(table.getName() + "_gathered");
        nodes.add(WeightRewriter.node("", op, name, List.of(table.getName(), ids), List.of(out),
                WeightRewriter.ints("axis", 0)));
        return out;
    }
}
