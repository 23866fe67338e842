package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.BlockQuantizer;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.quant.QuantizedMatrix;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import io.nanogrid.quantizer.rewrite.GraphIndex.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * MatMul or Gemm with int8 weights and activations quantized at every call ({@link OutputFormat#DYNAMIC}),
 * in one of two {@link Form}s: the standard one where the opset has DynamicQuantizeLinear (measured on
 * all-MiniLM-L6-v2, one thread: as fast as ONNX Runtime's own quantize_dynamic output, and 10-15 % faster
 * than the contrib form, which quantizes Q, K and V's shared input three times), else
 * com.microsoft.DynamicQuantizeMatMul(A, B int8 [K, N], b_scale [N], , bias [N]). The weight is
 * symmetric int8 with one scale per output channel (round to nearest, or the search's fitted scale),
 * so the integer product needs no weight zero point; the activation is quantized to uint8 per call
 * by ONNX Runtime (U8S8, as its own quantize_dynamic writes).
 */
final class DynamicLinear {
    /** Which operators carry it. */
    enum Form {
        /** com.microsoft.DynamicQuantizeMatMul: one node, the activation quantized again for every weight. */
        CONTRIB,
        /**
         * DynamicQuantizeLinear (opset 11, one per activation, shared by the weights that read it) ->
         * MatMulInteger -> Cast -> Mul by the product of the scales: what ONNX Runtime's own quantize_dynamic
         * writes, fused at load into MatMulIntegerToFloat.
         */
        STANDARD;

        /** The form for a model of this ai.onnx opset: STANDARD from opset 11 (DynamicQuantizeLinear). */
        static Form of(int opset) {
            return opset >= 11 ? STANDARD : CONTRIB;
        }
    }

    private final GraphIndex index;
    private final BlockQuantizer quantizer;
    private final Form form;

    DynamicLinear(GraphIndex index, BlockQuantizer quantizer, Form form) {
        this.index = index;
        this.quantizer = quantizer;
        this.form = form;
    }

    /** The spec a dynamic weight is quantized with: 8 bits, symmetric, one block per output channel. */
    static QuantSpec perChannel(QuantMethod method, int k) {
        return new QuantSpec(8, k, method, true);
    }

    /**
     * @param bias beta * C of a Gemm when it is a constant vector, else null
     * @param gemm the Gemm node, or null for MatMul
     */
    Rewrite rewrite(Scope scope, NodeProto n, String node, Constant w, WeightMatrix m, float[] bias, NodeProto gemm,
            QuantMethod method) {
        QuantSpec spec = perChannel(method, m.cols);
        WeightMatrix.Quantized q = m.quantize(quantizer, spec);
        QuantizedMatrix qm = q.matrix();
        int k = m.cols;
        int nOut = m.rows;
        byte[] codes = new byte[k * nOut];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < nOut; j++) {
                codes[i * nOut + j] = (byte) (qm.code(j, i) - qm.format().mid());
            }
        }
        String base = w.name();
        List<TensorProto> tensors = new ArrayList<>();
        TensorProto b = TensorProtos.raw(index.fresh(base + "_q8"), ElementType.INT8, new long[] {k, nOut}, codes);
        TensorProto s = TensorProtos.floats(index.fresh(base + "_scales"), new long[] {nOut}, qm.scales());
        tensors.add(b);
        tensors.add(s);
        String y = n.getOutput(0);
        long bytes = b.getRawData().size() + s.getRawData().size();
        if (form == Form.STANDARD) {
            List<NodeProto> nodes = standard(scope, n, node, b.getName(), s.getName(), bias, gemm, tensors);
            return new Rewrite(nodes, tensors, WeightRewriter.report(w, n, node,
                    "MatMulInteger int8 per channel, dynamic", spec, bytes, q.rmse()));
        }
        List<String> inputs = new ArrayList<>(List.of(n.getInput(0), b.getName(), s.getName()));
        String add = null;
        boolean hasC = gemm != null && gemm.getInputCount() > 2 && !gemm.getInput(2).isEmpty()
                && WeightRewriter.floatAttr(gemm, "beta", 1f) != 0f;
        if (hasC && bias != null) {
            TensorProto t = TensorProtos.floats(index.fresh(base + "_bias"), new long[] {bias.length}, bias);
            tensors.add(t);
            inputs.add("");
            inputs.add(t.getName());
        } else if (hasC) {
            add = gemm.getInput(2);
        }
        List<NodeProto> nodes = new ArrayList<>();
        String out = add != null ? index.fresh(y + "_product") : y;
        nodes.add(WeightRewriter.node(WeightRewriter.MS_DOMAIN, "DynamicQuantizeMatMul", node + "_dynamic", inputs,
                List.of(out), List.of()));
        if (add != null) {
            nodes.add(WeightRewriter.node("", "Add", node + "_c", List.of(out, add), List.of(y), List.of()));
        }
        return new Rewrite(nodes, tensors, WeightRewriter.report(w, n, node, "DynamicQuantizeMatMul int8 per channel",
                spec, bytes, q.rmse()));
    }

    private List<NodeProto> standard(Scope scope, NodeProto n, String node, String codes, String scales, float[] bias,
            NodeProto gemm, List<TensorProto> tensors) {
        String a = n.getInput(0);
        NodeProto dql = scope.shared.computeIfAbsent(a, x -> WeightRewriter.node("", "DynamicQuantizeLinear",
                index.fresh(x + "_dynamic_quantize"), List.of(x), List.of(index.fresh(x + "_quantized"),
                        index.fresh(x + "_scale"), index.fresh(x + "_zero_point")), List.of()));
        String y = n.getOutput(0);
        String product = index.fresh(y + "_int32");
        String asFloat = index.fresh(y + "_int32_float");
        String scale = index.fresh(y + "_scale");
        List<NodeProto> nodes = new ArrayList<>();
        nodes.add(WeightRewriter.node("", "MatMulInteger", node + "_integer", List.of(dql.getOutput(0), codes,
                dql.getOutput(2)), List.of(product), List.of()));
        nodes.add(WeightRewriter.node("", "Cast", node + "_cast", List.of(product), List.of(asFloat),
                WeightRewriter.ints("to", ElementType.FLOAT.code())));
        nodes.add(WeightRewriter.node("", "Mul", node + "_scales", List.of(dql.getOutput(1), scales), List.of(scale),
                List.of()));
        boolean hasC = gemm != null && gemm.getInputCount() > 2 && !gemm.getInput(2).isEmpty()
                && WeightRewriter.floatAttr(gemm, "beta", 1f) != 0f;
        String addend = null;
        if (hasC && bias != null) {
            TensorProto t = TensorProtos.floats(index.fresh(codes + "_bias"), new long[] {bias.length}, bias);
            tensors.add(t);
            addend = t.getName();
        } else if (hasC) {
            addend = gemm.getInput(2);
        }
        String scaled = addend != null ? index.fresh(y + "_product") : y;
        nodes.add(WeightRewriter.node("", "Mul", node + "_dequantize", List.of(asFloat, scale), List.of(scaled),
                List.of()));
        if (addend != null) {
            nodes.add(WeightRewriter.node("", "Add", node + "_bias", List.of(scaled, addend), List.of(y), List.of()));
        }
        return nodes;
    }
}
