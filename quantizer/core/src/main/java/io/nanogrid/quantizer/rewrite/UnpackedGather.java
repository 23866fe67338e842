package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.BlockQuantizer;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import java.util.ArrayList;
import java.util.List;

/** An embedding table's Gather as standard operators over packed rows (see {@link GatherForm#UNPACK}). */
final class UnpackedGather {
    private final GraphIndex index;
    private final QuantizeOptions options;
    private final BlockQuantizer quantizer;

    UnpackedGather(GraphIndex index, QuantizeOptions options, BlockQuantizer quantizer) {
        this.index = index;
        this.options = options;
        this.quantizer = quantizer;
    }

    /**
     * Gather the packed rows, unpack them (BitwiseAnd/BitShift, opset 18), Cast, Reshape into blocks,
     * subtract the zero point, multiply by the scale, Reshape back: standard operators, the table
     * stays packed, only gathered rows are dequantized. Needs the indices' rank for the Reshapes.
     */
    Rewrite rewrite(NodeProto n, String node, Constant w, WeightMatrix m, int rank) {
        int block = largestDivisorUpTo(m.cols, options.spec().block());
        QuantSpec spec = options.spec().withBlock(block);
        WeightMatrix.Quantized q = m.quantize(quantizer, spec);
        String base = w.name();
        String ids = n.getInput(1);
        int bits = spec.bits();
        int nb = m.cols / block;
        boolean oneBlock = nb == 1; // scales broadcast over the whole row: no Reshape into blocks
        Layouts.Tensors t = Layouts.planes(q.matrix(), index.fresh(base + "_q" + bits), index.fresh(base + "_scales"),
                index.fresh(base + "_zero_points"), oneBlock);
        List<TensorProto> tensors = new ArrayList<>(WeightRewriter.nonNull(t));
        List<NodeProto> nodes = new ArrayList<>();
        String rows = index.fresh(base + "_rows");
        nodes.add(WeightRewriter.node("", "Gather", node + "_rows", List.of(t.data().getName(), ids), List.of(rows),
                WeightRewriter.ints("axis", 0)));
        String codes = PlaneUnpacking.unpack(index, node, base, rows, bits, nodes, tensors);
        String values = index.fresh(base + "_values");
        nodes.add(WeightRewriter.node("", "Cast", node + "_cast", List.of(codes), List.of(values), WeightRewriter.ints("to",
                ElementType.FLOAT.code())));
        String blocks = values;
        if (!oneBlock) {
            long[] blocksShape = new long[rank + 2];
            blocksShape[rank] = nb;
            blocksShape[rank + 1] = block;
            String shape4 = index.fresh(base + "_blocks_shape");
            tensors.add(TensorProtos.longs(shape4, new long[] {blocksShape.length}, blocksShape));
            blocks = index.fresh(base + "_blocks");
            nodes.add(WeightRewriter.node("", "Reshape", node + "_blocks", List.of(values, shape4), List.of(blocks), List.of()));
        }
        String centred = index.fresh(base + "_centred");
        if (t.zeroPoints() != null) {
            String z = index.fresh(base + "_row_zero_points");
            String zf = index.fresh(base + "_row_zero_points_float");
            nodes.add(WeightRewriter.node("", "Gather", node + "_zero_points", List.of(t.zeroPoints().getName(), ids), List.of(z),
                    WeightRewriter.ints("axis", 0)));
            nodes.add(WeightRewriter.node("", "Cast", node + "_zero_points_cast", List.of(z), List.of(zf), WeightRewriter.ints("to",
                    ElementType.FLOAT.code())));
            nodes.add(WeightRewriter.node("", "Sub", node + "_centre", List.of(blocks, zf), List.of(centred), List.of()));
        } else {
            String mid = index.fresh(base + "_mid");
            tensors.add(TensorProtos.floats(mid, new long[] {}, new float[] {q.matrix().format().mid()}));
            nodes.add(WeightRewriter.node("", "Sub", node + "_centre", List.of(blocks, mid), List.of(centred), List.of()));
        }
        String s = index.fresh(base + "_row_scales");
        String scaled = oneBlock ? n.getOutput(0) : index.fresh(base + "_scaled");
        nodes.add(WeightRewriter.node("", "Gather", node + "_scales", List.of(t.scales().getName(), ids), List.of(s), WeightRewriter.ints("axis", 0)));
        nodes.add(WeightRewriter.node("", "Mul", node + "_scale", List.of(centred, s), List.of(scaled), List.of()));
        if (!oneBlock) {
            long[] outShape = new long[rank + 1];
            outShape[rank] = m.cols;
            String shape3 = index.fresh(base + "_rows_shape");
            tensors.add(TensorProtos.longs(shape3, new long[] {outShape.length}, outShape));
            nodes.add(WeightRewriter.node("", "Reshape", node + "_dequantized", List.of(scaled, shape3), List.of(n.getOutput(0)),
                    List.of()));
        }
        long bytes = tensors.stream().mapToLong(x -> x.getRawData().size()).sum();
        return new Rewrite(nodes, tensors, WeightRewriter.report(w, n, node, "Gather uint8 planes -> dequantize", spec, bytes,
                q.rmse()));
    }

    static int largestDivisorUpTo(int n, int limit) {
        for (int d = Math.min(n, limit); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }
}
