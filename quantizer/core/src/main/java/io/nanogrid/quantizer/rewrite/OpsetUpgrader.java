package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.nanogrid.onnx.TensorProtos;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Raises a model's ai.onnx opset (to 21 or 25, for DequantizeLinear with int4 or int2), converting
 * the operators whose form changed on the way: attributes that became inputs (Squeeze, Unsqueeze,
 * Reduce*, Split, Pad, Slice, Clip, TopK), Softmax-family axis semantics (opset 13), Dropout (an
 * Identity at inference). Operators not known to keep their meaning are refused with a reason
 * rather than guessed. ONNX's own version converter is Python/C++; there is no Java one.
 */
final class OpsetUpgrader {
    /** Operators whose meaning and form did not change from opset 7 to 25 (defaults included). */
    private static final Set<String> UNCHANGED = Set.of("Abs", "Acos", "Acosh", "Add", "And", "ArgMax", "ArgMin",
            "Asin", "Asinh", "Atan", "Atanh", "AveragePool", "BitShift", "Cast", "Ceil", "Celu", "Concat", "Constant",
            "ConstantOfShape", "Conv", "ConvInteger", "ConvTranspose", "Cos", "Cosh", "CumSum", "DepthToSpace",
            "DequantizeLinear", "Det", "Div", "Einsum", "Elu", "Equal", "Erf", "Exp", "Expand", "EyeLike", "Flatten",
            "Floor", "GRU", "Gather", "GatherElements", "GatherND", "Gemm", "GlobalAveragePool", "GlobalLpPool",
            "GlobalMaxPool", "Greater", "GreaterOrEqual", "HardSigmoid", "HardSwish", "Identity", "If",
            "InstanceNormalization", "IsInf", "IsNaN", "LRN", "LSTM", "LayerNormalization", "LeakyRelu", "Less",
            "LessOrEqual", "Log", "Loop", "LpNormalization", "MatMul", "MatMulInteger", "Max", "MaxPool",
            "MaxRoiPool", "MaxUnpool", "Mean", "Min", "Mish", "Mod", "Mul", "Neg", "NonMaxSuppression", "NonZero",
            "Not", "OneHot", "Or", "PRelu", "Pow", "QLinearConv", "QLinearMatMul", "QuantizeLinear", "RNN", "Range",
            "Reciprocal", "Relu", "Reshape", "RoiAlign", "Round", "ScatterElements", "ScatterND", "Selu", "Shape",
            "Shrink", "Sigmoid", "Sign", "Sin", "Sinh", "Size", "Softplus", "Softsign", "SpaceToDepth", "Sqrt", "Sub",
            "Sum", "Tan", "Tanh", "ThresholdedRelu", "Tile", "Transpose", "Trilu", "Where", "Xor", "Gelu");
    /** Operators converted here, with the opset at which their form changed. */
    private static final Map<String, Integer> CONVERTED = Map.ofEntries(Map.entry("Softmax", 13),
            Map.entry("LogSoftmax", 13), Map.entry("Hardmax", 13), Map.entry("Squeeze", 13),
            Map.entry("Unsqueeze", 13), Map.entry("ReduceSum", 13), Map.entry("ReduceMean", 18),
            Map.entry("ReduceMax", 18), Map.entry("ReduceMin", 18), Map.entry("ReduceProd", 18),
            Map.entry("ReduceL1", 18), Map.entry("ReduceL2", 18), Map.entry("ReduceLogSum", 18),
            Map.entry("ReduceLogSumExp", 18), Map.entry("ReduceSumSquare", 18), Map.entry("Split", 18),
            Map.entry("Pad", 11), Map.entry("Slice", 10), Map.entry("Clip", 11), Map.entry("Dropout", 12),
            Map.entry("TopK", 10), Map.entry("BatchNormalization", 9), Map.entry("Scan", 9));

    private OpsetUpgrader() {
    }

    /** Null when every graph can move from opset {@code from} to {@code to}; else the first reason it cannot. */
    static String check(GraphProto graph, int from, int to) {
        if (from < 7) {
            return "its ai.onnx opset " + from + " is older than 7";
        }
        for (NodeProto n : graph.getNodeList()) {
            if (!GraphIndex.isDefaultDomain(n.getDomain())) {
                continue;
            }
            String op = n.getOpType();
            if (op.equals("BatchNormalization") && n.getOutputCount() > 1) {
                return "BatchNormalization with training outputs cannot move to opset " + to;
            }
            if (op.equals("Scan") && from < 9) {
                return "Scan changed meaning at opset 9";
            }
            if (op.equals("BatchNormalization") && from < 9 && WeightRewriter.intAttr(n, "spatial", 1) != 1) {
                return "BatchNormalization with spatial=0 has no form at opset " + to;
            }
            if (op.equals("Dropout") && n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && from < 12) {
                return "Dropout with a mask output cannot move to opset " + to;
            }
            if (!UNCHANGED.contains(op) && !CONVERTED.containsKey(op)) {
                return "operator " + op + " (opset " + from + ") is not one nanogrid can move to opset " + to;
            }
            for (AttributeProto a : n.getAttributeList()) {
                String why = a.hasG() ? check(a.getG(), from, to) : null;
                for (int k = 0; why == null && k < a.getGraphsCount(); k++) {
                    why = check(a.getGraphs(k), from, to);
                }
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    /** Converts every graph in place (check first); {@code fresh} gives unused value names. */
    static void upgrade(GraphProto.Builder g, int from, UnaryOperator<String> fresh) {
        List<NodeProto> out = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto.Builder nb = g.getNodeBuilder(i);
            for (int a = 0; a < nb.getAttributeCount(); a++) {
                AttributeProto.Builder ab = nb.getAttributeBuilder(a);
                if (ab.hasG()) {
                    upgrade(ab.getGBuilder(), from, fresh);
                }
                for (int k = 0; k < ab.getGraphsCount(); k++) {
                    upgrade(ab.getGraphsBuilder(k), from, fresh);
                }
            }
            NodeProto n = nb.build();
            Integer changedAt = GraphIndex.isDefaultDomain(n.getDomain()) ? CONVERTED.get(n.getOpType()) : null;
            if (changedAt == null || from >= changedAt) {
                out.add(n);
                continue;
            }
            convert(n, g, out, fresh, known);
        }
        g.clearNode().addAllNode(out);
    }

    private static void convert(NodeProto n, GraphProto.Builder g, List<NodeProto> out,
            UnaryOperator<String> fresh, Set<String> known) {
        String op = n.getOpType();
        switch (op) {
            case "Softmax", "LogSoftmax", "Hardmax" -> softmax(n, g, out, fresh);
            case "Squeeze", "Unsqueeze", "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
                    "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare" ->
                    out.add(attributeToInput(n, "axes", g, fresh, 1));
            case "Split" -> {
                if (has(n, "split")) {
                    out.add(attributeToInput(n, "split", g, fresh, 1));
                } else {
                    out.add(n.toBuilder().addAttribute(WeightRewriter.ints("num_outputs", n.getOutputCount()).get(0))
                            .build());
                }
            }
            case "Pad" -> {
                NodeProto.Builder b = strip(n, "pads", "value");
                b.clearInput().addInput(n.getInput(0)).addInput(longs(g, fresh, n.getName() + "_pads", ints(n, "pads")));
                float value = WeightRewriter.floatAttr(n, "value", 0f);
                b.addInput(scalar(g, fresh, n.getName() + "_value", value));
                out.add(b.build());
            }
            case "Slice" -> {
                NodeProto.Builder b = strip(n, "starts", "ends", "axes");
                b.addInput(longs(g, fresh, n.getName() + "_starts", ints(n, "starts")));
                b.addInput(longs(g, fresh, n.getName() + "_ends", ints(n, "ends")));
                if (has(n, "axes")) {
                    b.addInput(longs(g, fresh, n.getName() + "_axes", ints(n, "axes")));
                }
                out.add(b.build());
            }
            case "Clip" -> {
                NodeProto.Builder b = strip(n, "min", "max");
                b.addInput(has(n, "min") ? scalar(g, fresh, n.getName() + "_min", WeightRewriter.floatAttr(n, "min", 0))
                        : "");
                b.addInput(has(n, "max") ? scalar(g, fresh, n.getName() + "_max", WeightRewriter.floatAttr(n, "max", 0))
                        : "");
                out.add(b.build());
            }
            case "Dropout" -> out.add(NodeProto.newBuilder().setOpType("Identity").setName(n.getName())
                    .addInput(n.getInput(0)).addOutput(n.getOutput(0)).build());
            case "TopK" -> {
                NodeProto.Builder b = strip(n, "k");
                b.addInput(longs(g, fresh, n.getName() + "_k", new long[] {WeightRewriter.intAttr(n, "k", 1)}));
                out.add(b.build());
            }
            case "BatchNormalization" -> out.add(strip(n, "spatial", "is_test", "consumed_inputs").build());
            case "Scan" -> out.add(n);
            default -> throw new IllegalStateException("no conversion for " + op);
        }
        known.add(op);
    }

    /**
     * Before opset 13 the Softmax family flattened the input to 2-D at {@code axis} (default 1);
     * since 13 it works along one axis (default -1). With a known rank and the last axis the two
     * agree; otherwise Flatten -> op(axis=1) -> Reshape(Shape(x)) keeps the old meaning exactly.
     */
    private static void softmax(NodeProto n, GraphProto.Builder g, List<NodeProto> out,
            UnaryOperator<String> fresh) {
        long axis = WeightRewriter.intAttr(n, "axis", 1);
        int rank = rank(g, n.getInput(0));
        if (rank < 0) {
            rank = rank(g, n.getOutput(0));
        }
        if (rank > 0 && (axis == rank - 1 || axis == -1)) {
            out.add(strip(n, "axis").addAttribute(WeightRewriter.ints("axis", rank - 1).get(0)).build());
            return;
        }
        String flat = fresh.apply(n.getOutput(0) + "_flat");
        String flatOut = fresh.apply(n.getOutput(0) + "_flat_out");
        String shape = fresh.apply(n.getOutput(0) + "_shape");
        String name = n.getName().isEmpty() ? n.getOpType() : n.getName();
        out.add(WeightRewriter.node("", "Flatten", name + "_flatten", List.of(n.getInput(0)), List.of(flat),
                WeightRewriter.ints("axis", axis)));
        out.add(strip(n, "axis").setName(name).clearInput().addInput(flat).clearOutput().addOutput(flatOut)
                .addAttribute(WeightRewriter.ints("axis", 1).get(0)).build());
        out.add(WeightRewriter.node("", "Shape", name + "_shape", List.of(n.getInput(0)), List.of(shape), List.of()));
        out.add(WeightRewriter.node("", "Reshape", name + "_reshape", List.of(flatOut, shape), List.of(n.getOutput(0)),
                List.of()));
    }

    private static int rank(GraphProto.Builder g, String value) {
        List<ValueInfoProto> infos = new ArrayList<>(g.getValueInfoList());
        infos.addAll(g.getInputList());
        infos.addAll(g.getOutputList());
        for (ValueInfoProto v : infos) {
            if (v.getName().equals(value) && v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
                TensorShapeProto s = v.getType().getTensorType().getShape();
                return s.getDimCount();
            }
        }
        return -1;
    }

    /** Moves an ints attribute to a new int64 input at position {@code at} (absent attribute: no input). */
    private static NodeProto attributeToInput(NodeProto n, String attribute, GraphProto.Builder g,
            UnaryOperator<String> fresh, int at) {
        if (!has(n, attribute)) {
            return n;
        }
        NodeProto.Builder b = strip(n, attribute);
        while (b.getInputCount() < at) {
            b.addInput("");
        }
        String name = longs(g, fresh, (n.getName().isEmpty() ? n.getOpType() : n.getName()) + "_" + attribute,
                ints(n, attribute));
        if (b.getInputCount() == at) {
            b.addInput(name);
        } else {
            b.setInput(at, name);
        }
        return b.build();
    }

    private static boolean has(NodeProto n, String attribute) {
        return n.getAttributeList().stream().anyMatch(a -> a.getName().equals(attribute));
    }

    private static long[] ints(NodeProto n, String attribute) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(attribute)).findFirst()
                .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray()).orElse(new long[0]);
    }

    private static NodeProto.Builder strip(NodeProto n, String... attributes) {
        Set<String> drop = Set.of(attributes);
        NodeProto.Builder b = n.toBuilder().clearAttribute();
        n.getAttributeList().stream().filter(a -> !drop.contains(a.getName())).forEach(b::addAttribute);
        return b;
    }

    private static String longs(GraphProto.Builder g, UnaryOperator<String> fresh, String base,
            long[] values) {
        String name = fresh.apply(base);
        g.addInitializer(TensorProtos.longs(name, new long[] {values.length}, values));
        return name;
    }

    private static String scalar(GraphProto.Builder g, UnaryOperator<String> fresh, String base,
            float value) {
        String name = fresh.apply(base);
        g.addInitializer(TensorProtos.floats(name, new long[] {}, new float[] {value}));
        return name;
    }
}
