package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.BlockQuantizer;
import io.nanogrid.quantizer.quant.Hessian;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.quant.QuantizedMatrix;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import io.nanogrid.quantizer.rewrite.GraphIndex.Scope;
import io.nanogrid.quantizer.rewrite.GraphIndex.Use;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites one node that uses a constant float weight: MatMul and Gemm become MatMulNBits (or
 * DequantizeLinear -> MatMul), Gather on a table reads packed rows ({@link GatherForm}), Conv gets its weight
 * from a per-output-channel DequantizeLinear. {@link #ineligible} says why a use cannot be rewritten.
 */
final class WeightRewriter {
    static final String MS_DOMAIN = "com.microsoft";

    /** How Conv weights are dequantized. */
    enum ConvForm {
        /** com.microsoft.DequantizeLinear (int8/int4): leaves the model's opset alone. */
        CONTRIB,
        /** ai.onnx DequantizeLinear at opset 21 (25 for 2-bit). */
        STANDARD,
        /** 2-bit codes in int4 containers via com.microsoft.DequantizeLinear: the opset could not be raised. */
        CONTRIB_INT4_CONTAINER
    }

    private final GraphIndex index;
    private final QuantizeOptions options;
    private final BlockQuantizer quantizer;
    private final ConvForm convForm;
    private final GatherForm gatherForm;
    private final DynamicLinear.Form dynamicForm;

    WeightRewriter(GraphIndex index, QuantizeOptions options, BlockQuantizer quantizer, ConvForm convForm,
            GatherForm gatherForm, DynamicLinear.Form dynamicForm) {
        this.dynamicForm = dynamicForm;
        this.index = index;
        this.options = options;
        this.quantizer = quantizer;
        this.convForm = convForm;
        this.gatherForm = gatherForm;
    }

    /** Null when this use can be rewritten, else why not. */
    String ineligible(Use u, Constant w) {
        if (u.isGraphOutput()) {
            return "it is a graph output";
        }
        NodeProto n = u.scope().node(u.node());
        String who = GraphIndex.nodeName(n, u.node()) + " (" + n.getOpType() + ")";
        if (!GraphIndex.isDefaultDomain(n.getDomain())) {
            return "used by " + who + ", which has no quantized form";
        }
        long[] dims = TensorProtos.dims(w.tensor());
        switch (n.getOpType()) {
            case "MatMul" -> {
                if (u.input() != 1) {
                    return "it is the first input of " + who + "; only the second (the weight) is quantized";
                }
                if (dims.length != 2) {
                    return "MatMul weight of rank " + dims.length + " (only 2-D weights)";
                }
            }
            case "Gemm" -> {
                if (u.input() != 1) {
                    return "it is input " + u.input() + " of " + who + "; only B (the weight) is quantized";
                }
                if (intAttr(n, "transA", 0) != 0) {
                    return "used by " + who + " with transA=1";
                }
                String c = n.getInputCount() > 2 ? n.getInput(2) : "";
                if (!c.isEmpty() && floatAttr(n, "beta", 1f) != 1f && biasVector(n, dims) == null) {
                    return "used by " + who + " with beta != 1 and a C that is not a constant vector";
                }
            }
            case "Gather" -> {
                if (u.input() != 0) {
                    return "it is the indices of " + who;
                }
                if (dims.length != 2 || (intAttr(n, "axis", 0) != 0 && intAttr(n, "axis", 0) != -2)) {
                    return "Gather on axis " + intAttr(n, "axis", 0) + " of a rank-" + dims.length
                            + " tensor (only rows of a 2-D table)";
                }
                if (dims[1] * options.spec().bits() % 8 != 0) {
                    return "table rows of " + dims[1] + " values do not fill whole bytes at " + options.spec().bits()
                            + " bits";
                }
            }
            case "Conv" -> {
                if (u.input() != 1) {
                    return "it is input " + u.input() + " of " + who + "; only the weight is quantized";
                }
                if (dims.length < 3) {
                    return "Conv weight of rank " + dims.length;
                }
            }
            default -> {
                return "used by " + who + ", which has no quantized form";
            }
        }
        return null;
    }

    Rewrite rewrite(Use u, Constant w) {
        NodeProto n = u.scope().node(u.node());
        float[] values = TensorProtos.toFloats(w.tensor());
        long[] dims = TensorProtos.dims(w.tensor());
        String node = GraphIndex.nodeName(n, u.node());
        return switch (n.getOpType()) {
            case "MatMul" -> linear(u.scope(), n, node, w, WeightMatrix.transposed(values, (int) dims[0],
                    (int) dims[1]), null);
            case "Gemm" -> gemm(u.scope(), n, node, w, values, dims);
            case "Gather" -> gather(n, node, w, new WeightMatrix(values, (int) dims[0], (int) dims[1]));
            case "Conv" -> conv(n, node, w, new WeightMatrix(values, (int) dims[0], values.length / (int) dims[0]));
            default -> throw new IllegalStateException("no rewrite for " + n.getOpType());
        };
    }

    private Rewrite gemm(Scope scope, NodeProto n, String node, Constant w, float[] values, long[] dims) {
        boolean transB = intAttr(n, "transB", 0) != 0;
        WeightMatrix m = transB ? new WeightMatrix(values, (int) dims[0], (int) dims[1])
                : WeightMatrix.transposed(values, (int) dims[0], (int) dims[1]);
        return linear(scope, n, node, w, m.times(floatAttr(n, "alpha", 1f)), n);
    }

    /** MatMul, or Gemm (gemm != null): Y = A W (+ bias). The matrix holds W transposed: rows N, blocks along K. */
    private Rewrite linear(Scope scope, NodeProto n, String node, Constant w, WeightMatrix m, NodeProto gemm) {
        if (options.format() == OutputFormat.DYNAMIC) {
            return new DynamicLinear(index, quantizer, dynamicForm).rewrite(scope, n, node, w, m, gemm == null ? null
                    : biasVector(gemm, new long[] {m.rows, m.cols}), gemm, options.spec().method());
        }
        QuantSpec spec = options.spec().withBlock(m.blockFor(options.spec()));
        Hessian h = options.calibration() == null ? null : options.calibration().of(n.getInput(0), m.cols);
        WeightMatrix.Quantized q = h == null ? m.quantize(quantizer, spec) : m.quantize(quantizer, spec, h);
        String base = w.name();
        String y = n.getOutput(0);
        List<NodeProto> nodes = new ArrayList<>();
        String bias = null;
        String add = null;
        List<TensorProto> tensors = new ArrayList<>();
        if (gemm != null && gemm.getInputCount() > 2 && !gemm.getInput(2).isEmpty()
                && floatAttr(gemm, "beta", 1f) != 0f) {
            float[] vector = biasVector(gemm, new long[] {m.rows, m.cols});
            if (vector != null) {
                bias = index.fresh(base + "_bias");
                tensors.add(TensorProtos.floats(bias, new long[] {vector.length}, vector));
            } else {
                add = gemm.getInput(2);
            }
        }
        String out = add != null ? index.fresh(y + "_product") : y;
        Layouts.Tensors t;
        String storedAs;
        QuantizedMatrix qm = q.matrix();
        if (options.format() == OutputFormat.NBITS) {
            t = Layouts.matMulNBits(qm, index.fresh(base + "_q" + spec.bits()), index.fresh(base + "_scales"),
                    index.fresh(base + "_zero_points"));
            List<String> inputs = new ArrayList<>(List.of(n.getInput(0), t.data().getName(), t.scales().getName()));
            if (t.zeroPoints() != null || bias != null) {
                inputs.add(t.zeroPoints() != null ? t.zeroPoints().getName() : "");
            }
            if (bias != null) {
                inputs.add("");
                inputs.add(bias);
            }
            nodes.add(node(MS_DOMAIN, "MatMulNBits", node + "_nbits", inputs, List.of(out),
                    ints("K", m.cols, "N", m.rows, "bits", spec.bits(), "block_size", spec.block(),
                            "accuracy_level", options.accuracyLevel())));
            storedAs = "MatMulNBits";
        } else {
            ElementType type = Layouts.codeType(qm.format());
            t = Layouts.dequantizeBlocked(qm, type, index.fresh(base + "_q" + spec.bits()),
                    index.fresh(base + "_scales"), index.fresh(base + "_zero_points"));
            String dq = index.fresh(base + "_dequantized");
            nodes.add(dequantize("", node + "_dq", t, dq, ints("axis", 0, "block_size", spec.block())));
            String product = bias != null ? index.fresh(y + "_product") : out;
            nodes.add(node("", "MatMul", node + "_matmul", List.of(n.getInput(0), dq), List.of(product), List.of()));
            if (bias != null) {
                nodes.add(node("", "Add", node + "_bias", List.of(product, bias), List.of(out), List.of()));
            }
            storedAs = "DequantizeLinear " + type + " -> MatMul";
        }
        if (add != null) {
            nodes.add(node("", "Add", node + "_c", List.of(out, add), List.of(y), List.of()));
        }
        tensors.addAll(t.data() == null ? List.of() : nonNull(t));
        return new Rewrite(nodes, tensors, report(w, n, node, storedAs, spec, t.bytes(), q.rmse(), q.outputError()));
    }

    private Rewrite gather(NodeProto n, String node, Constant w, WeightMatrix m) {
        int rank = index.rank(n.getInput(1));
        if (gatherForm == GatherForm.DQ) {
            return new DequantizedGather(index, options, quantizer).rewrite(n, node, w, m);
        }
        if (gatherForm == GatherForm.UNPACK && rank >= 0) {
            return new UnpackedGather(index, options, quantizer).rewrite(n, node, w, m, rank);
        }
        QuantSpec spec = options.spec().withBlock(m.blockFor(options.spec()));
        WeightMatrix.Quantized q = m.quantize(quantizer, spec);
        String base = w.name();
        Layouts.Tensors t = Layouts.gatherBlockQuantized(q.matrix(), index.fresh(base + "_q" + spec.bits()),
                index.fresh(base + "_scales"), index.fresh(base + "_zero_points"));
        List<String> inputs = new ArrayList<>(List.of(t.data().getName(), n.getInput(1), t.scales().getName()));
        if (t.zeroPoints() != null) {
            inputs.add(t.zeroPoints().getName());
        }
        NodeProto g = node(MS_DOMAIN, "GatherBlockQuantized", node + "_quantized", inputs, n.getOutputList(),
                ints("bits", spec.bits(), "block_size", spec.block(), "gather_axis", 0, "quantize_axis", 1));
        return new Rewrite(List.of(g), nonNull(t), report(w, n, node, "GatherBlockQuantized", spec, t.bytes(),
                q.rmse()));
    }

    private Rewrite conv(NodeProto n, String node, Constant w, WeightMatrix m) {
        QuantSpec spec = options.spec().withBlock(m.cols);
        WeightMatrix.Quantized q = m.quantize(quantizer, spec);
        ElementType type = convForm == ConvForm.CONTRIB_INT4_CONTAINER
                ? (q.matrix().format().symmetric() ? ElementType.INT4 : ElementType.UINT4)
                : Layouts.codeType(q.matrix().format());
        String base = w.name();
        Layouts.Tensors t = Layouts.dequantizePerChannel(q.matrix(), TensorProtos.dims(w.tensor()), type,
                index.fresh(base + "_q" + spec.bits()), index.fresh(base + "_scales"),
                index.fresh(base + "_zero_points"));
        String dq = index.fresh(base + "_dequantized");
        String domain = convForm == ConvForm.STANDARD ? "" : MS_DOMAIN;
        NodeProto deq = dequantize(domain, node + "_dq", t, dq, ints("axis", 0));
        NodeProto.Builder c = n.toBuilder().setInput(1, dq);
        String storedAs = "DequantizeLinear " + type + " per channel" + (domain.isEmpty() ? "" : " (" + domain + ")")
                + (convForm == ConvForm.CONTRIB_INT4_CONTAINER ? ", 2-bit codes in 4-bit storage" : "");
        return new Rewrite(List.of(deq, c.build()), nonNull(t), report(w, n, node, storedAs, spec, t.bytes(),
                q.rmse()));
    }

    static List<TensorProto> nonNull(Layouts.Tensors t) {
        List<TensorProto> out = new ArrayList<>(List.of(t.data(), t.scales()));
        if (t.zeroPoints() != null) {
            out.add(t.zeroPoints());
        }
        return out;
    }

    private static NodeProto dequantize(String domain, String name, Layouts.Tensors t, String output,
            List<AttributeProto> attributes) {
        List<String> inputs = new ArrayList<>(List.of(t.data().getName(), t.scales().getName()));
        if (t.zeroPoints() != null) {
            inputs.add(t.zeroPoints().getName());
        }
        return node(domain, "DequantizeLinear", name, inputs, List.of(output), attributes);
    }

    static TensorReport report(Constant w, NodeProto n, String node, String storedAs, QuantSpec spec, long after,
            double rmse) {
        return report(w, n, node, storedAs, spec, after, rmse, null);
    }

    /** @param outputError null unless the codes were calibrated (then the method is "gptq+" the scales' method) */
    static TensorReport report(Constant w, NodeProto n, String node, String storedAs, QuantSpec spec, long after,
            double rmse, Double outputError) {
        long[] dims = TensorProtos.dims(w.tensor());
        long elements = TensorProtos.elements(dims);
        long before = elements * 4;
        return new TensorReport(w.name(), w.scope().path, node, n.getOpType(), dims, storedAs, spec.bits(),
                spec.block(), before, after, after * 8.0 / elements, rmse, outputError,
                (outputError != null ? "gptq+" : "") + spec.method().wireName());
    }

    /** Gemm's beta * C as a vector of N values when C is a constant float holding N values; else null. */
    float[] biasVector(NodeProto gemm, long[] weightDims) {
        String c = gemm.getInputCount() > 2 ? gemm.getInput(2) : "";
        Constant k = c.isEmpty() ? null : index.constants.get(c);
        if (k == null || k.tensor().getDataType() != ElementType.FLOAT.code()) {
            return null;
        }
        long n = intAttr(gemm, "transB", 0) != 0 ? weightDims[0] : weightDims[1];
        long[] dims = TensorProtos.dims(k.tensor());
        if (TensorProtos.elements(dims) != n || (dims.length == 2 && dims[0] != 1) || dims.length > 2) {
            return null;
        }
        float[] v = TensorProtos.toFloats(k.tensor());
        float beta = floatAttr(gemm, "beta", 1f);
        for (int i = 0; i < v.length; i++) {
            v[i] *= beta;
        }
        return v;
    }

    static NodeProto node(String domain, String op, String name, List<String> inputs, List<String> outputs,
            List<AttributeProto> attributes) {
        return NodeProto.newBuilder().setDomain(domain).setOpType(op).setName(name).addAllInput(inputs)
                .addAllOutput(outputs).addAllAttribute(attributes).build();
    }

    static List<AttributeProto> ints(Object... pairs) {
        List<AttributeProto> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(AttributeProto.newBuilder().setName((String) pairs[i]).setType(AttributeProto.AttributeType.INT)
                    .setI(((Number) pairs[i + 1]).longValue()).build());
        }
        return out;
    }

    static long intAttr(NodeProto n, String name, long fallback) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(AttributeProto::getI).orElse(fallback);
    }

    static float floatAttr(NodeProto n, String name, float fallback) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(AttributeProto::getF).orElse(fallback);
    }

    static String describe(long[] dims) {
        return Arrays.toString(dims).replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
