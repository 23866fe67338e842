package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a Reshape (constant shape) or Flatten of a float initializer that feeds MatMul or Gemm weights
 * into an initializer of the new shape (as the ONNX zoo's mnist-8 stores its largest weight: [16,4,4,10]
 * reshaped to [256,10] for its MatMul), so that the weight can be quantized like any 2-D one. The values
 * keep their order (a reshape moves no value); only folds where the initializer feeds nothing else and the
 * result feeds only MatMul/Gemm weights.
 */
final class ConstantReshapes {
    private ConstantReshapes() {
    }

    /** Folds them in the main graph, in place, but for weights named in {@code keep}; returns how many. */
    static int fold(GraphProto.Builder g, Set<String> keep) {
        Map<String, TensorProto> inits = new HashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        Map<String, List<int[]>> uses = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            for (int k = 0; k < n.getInputCount(); k++) {
                uses.computeIfAbsent(n.getInput(k), x -> new ArrayList<>()).add(new int[] {i, k});
            }
        }
        g.getOutputList().forEach(o -> uses.computeIfAbsent(o.getName(), x -> new ArrayList<>()).add(new int[] {-1, 0}));
        List<Integer> drop = new ArrayList<>();
        List<TensorProto> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            boolean reshape = n.getOpType().equals("Reshape");
            if (!GraphIndex.isDefaultDomain(n.getDomain()) || !(reshape || n.getOpType().equals("Flatten"))
                    || n.getInputCount() < 1 || n.getOutputCount() != 1) {
                continue;
            }
            TensorProto w = inits.get(n.getInput(0));
            if (w == null || keep.contains(w.getName()) || keep.contains(n.getName()) || w.getDataType() != ElementType.FLOAT.code() || uses.get(w.getName()).size() != 1
                    || !feedsOnlyWeights(g, uses.get(n.getOutput(0)))) {
                continue;
            }
            long[] dims = TensorProtos.dims(w);
            long[] to = reshape ? reshaped(dims, n, inits, uses) : flattened(dims, n);
            if (to == null || to.length != 2) {
                continue;
            }
            add.add(TensorProtos.floats(n.getOutput(0), to, TensorProtos.toFloats(w)));
            drop.add(i);
            remove.add(w.getName());
        }
        if (drop.isEmpty()) {
            return 0;
        }
        List<NodeProto> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (!drop.contains(i)) {
                nodes.add(g.getNode(i));
            }
        }
        List<TensorProto> kept = g.getInitializerList().stream().filter(t -> !remove.contains(t.getName())).toList();
        g.clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(kept).addAllInitializer(add);
        List<ValueInfoProto> inputs = g.getInputList().stream()
                .filter(v -> !remove.contains(v.getName())).toList();
        g.clearInput().addAllInput(inputs);
        return drop.size();
    }

    private static boolean feedsOnlyWeights(GraphProto.Builder g, List<int[]> uses) {
        if (uses == null || uses.isEmpty()) {
            return false;
        }
        for (int[] u : uses) {
            if (u[0] < 0 || u[1] != 1) {
                return false;
            }
            String op = g.getNode(u[0]).getOpType();
            if (!GraphIndex.isDefaultDomain(g.getNode(u[0]).getDomain()) || !(op.equals("MatMul") || op.equals("Gemm"))) {
                return false;
            }
        }
        return true;
    }

    private static long[] reshaped(long[] dims, NodeProto n, Map<String, TensorProto> inits,
            Map<String, List<int[]>> uses) {
        TensorProto shape = n.getInputCount() > 1 ? inits.get(n.getInput(1)) : null;
        if (shape == null || shape.getDataType() != ElementType.INT64.code()) {
            return null;
        }
        long[] s = TensorProtos.toLongs(shape);
        long total = TensorProtos.elements(dims);
        long known = 1;
        int infer = -1;
        long[] out = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0 && WeightRewriter.intAttr(n, "allowzero", 0) == 0) {
                if (i >= dims.length) {
                    return null;
                }
                out[i] = dims[i];
            } else if (s[i] == -1) {
                if (infer >= 0) {
                    return null;
                }
                infer = i;
                continue;
            } else {
                out[i] = s[i];
            }
            known *= out[i];
        }
        if (infer >= 0) {
            if (known == 0 || total % known != 0) {
                return null;
            }
            out[infer] = total / known;
        }
        return TensorProtos.elements(out) == total ? out : null;
    }

    private static long[] flattened(long[] dims, NodeProto n) {
        int axis = (int) WeightRewriter.intAttr(n, "axis", 1);
        if (axis < 0) {
            axis += dims.length;
        }
        if (axis < 0 || axis > dims.length) {
            return null;
        }
        long a = 1;
        long b = 1;
        for (int i = 0; i < dims.length; i++) {
            if (i < axis) {
                a *= dims[i];
            } else {
                b *= dims[i];
            }
        }
        return new long[] {a, b};
    }
}
