package io.nanogrid.engine.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.TensorReport;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The float model with each quantized weight replaced by its dequantized values (quantized again
 * here, independently of the graph rewriting, with the same spec): what the quantized model must
 * compute. Comparing the two checks every packing layout against ONNX Runtime's reading of it.
 */
final class DequantizedReference {
    private DequantizedReference() {
    }

    static ModelProto of(ModelProto floatModel, Iterable<TensorReport> reports, QuantSpec spec) {
        Map<String, NodeProto> nodes = new HashMap<>();
        collectNodes(floatModel.getGraph(), nodes);
        Map<String, TensorReport> byName = new HashMap<>();
        reports.forEach(r -> byName.put(r.name(), r));
        ModelProto.Builder mb = floatModel.toBuilder();
        map(mb.getGraphBuilder(), t -> {
            TensorReport r = byName.get(t.getName());
            return r == null ? t : dequantized(t, r, nodes.get(r.node()), spec);
        });
        return mb.build();
    }

    private static TensorProto dequantized(TensorProto t, TensorReport r, NodeProto node, QuantSpec spec) {
        float[] w = TensorProtos.toFloats(t);
        long[] d = TensorProtos.dims(t);
        QuantSpec s = r.storedAs().contains("dynamic") || r.storedAs().startsWith("DynamicQuantizeMatMul")
                ? new QuantSpec(8, r.block(), spec.method(), true) : spec.withBits(r.bits()).withBlock(r.block());
        float[] out;
        switch (r.op()) {
            case "MatMul" -> out = transpose(deq(transpose(w, (int) d[0], (int) d[1]), (int) d[1], (int) d[0], s),
                    (int) d[1], (int) d[0]);
            case "Gemm" -> {
                boolean transB = attr(node, "transB", 0) != 0;
                float alpha = node.getAttributeList().stream().filter(a -> a.getName().equals("alpha")).findFirst()
                        .map(AttributeProto::getF).orElse(1f);
                float[] m = transB ? w.clone() : transpose(w, (int) d[0], (int) d[1]);
                for (int i = 0; i < m.length; i++) {
                    m[i] *= alpha;
                }
                int rows = (int) (transB ? d[0] : d[1]);
                float[] q = deq(m, rows, m.length / rows, s);
                for (int i = 0; i < q.length; i++) {
                    q[i] /= alpha;
                }
                out = transB ? q : transpose(q, rows, m.length / rows);
            }
            case "Gather" -> out = deq(w, (int) d[0], (int) d[1], s);
            case "Conv" -> out = deq(w, (int) d[0], w.length / (int) d[0], spec.withBlock(w.length / (int) d[0]));
            default -> throw new IllegalArgumentException(r.op());
        }
        return TensorProtos.floats(t.getName(), d, out);
    }

    private static float[] deq(float[] m, int rows, int cols, QuantSpec s) {
        return new FastQuantizer().quantize(m, rows, cols, s).dequantize();
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = w[i * cols + j];
            }
        }
        return t;
    }

    private static long attr(NodeProto n, String name, long fallback) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(AttributeProto::getI).orElse(fallback);
    }

    private static void collectNodes(GraphProto g, Map<String, NodeProto> nodes) {
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            nodes.put(n.getName().isEmpty() ? n.getOpType() + "_" + i : n.getName(), n);
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    collectNodes(a.getG(), nodes);
                }
                a.getGraphsList().forEach(b -> collectNodes(b, nodes));
            }
        }
    }

    /** Applies f to initializers and Constant values in every graph; a Constant's value takes its output's name. */
    private static void map(GraphProto.Builder g, UnaryOperator<TensorProto> f) {
        for (int i = 0; i < g.getInitializerCount(); i++) {
            g.setInitializer(i, f.apply(g.getInitializer(i)));
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto.Builder n = g.getNodeBuilder(i);
            for (int a = 0; a < n.getAttributeCount(); a++) {
                AttributeProto.Builder ab = n.getAttributeBuilder(a);
                if (ab.hasT() && n.getOpType().equals("Constant")) {
                    TensorProto renamed = ab.getT().toBuilder().setName(n.getOutput(0)).build();
                    TensorProto mapped = f.apply(renamed);
                    if (mapped != renamed) {
                        ab.setT(mapped.toBuilder().setName(ab.getT().getName()));
                    }
                }
                if (ab.hasG()) {
                    map(ab.getGBuilder(), f);
                }
                for (int k = 0; k < ab.getGraphsCount(); k++) {
                    map(ab.getGraphsBuilder(k), f);
                }
            }
        }
    }
}
