package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every graph of a model (the main graph and the If/Loop/Scan bodies inside it, as builders that can
 * be changed in place), every constant (initializer or Constant node) by name, and every use of
 * every value. ONNX names are unique across nested graphs, so one map serves all scopes.
 */
final class GraphIndex {
    /** One graph: the main graph or a body. Changes are collected here and applied at the end. */
    static final class Scope {
        final String path;
        final GraphProto.Builder graph;
        /** Nodes to put in place of node i (an empty list removes it). */
        final Map<Integer, List<NodeProto>> replacements = new TreeMap<>();
        final List<TensorProto> added = new ArrayList<>();
        final Set<String> removed = new HashSet<>();
        /** Nodes several rewrites share (one activation quantizer for many weights), by the value they read. */
        final Map<String, NodeProto> shared = new LinkedHashMap<>();

        Scope(String path, GraphProto.Builder graph) {
            this.path = path;
            this.graph = graph;
        }

        NodeProto node(int i) {
            return graph.getNode(i);
        }

        /** Rebuilds the node and initializer lists with the collected changes. */
        void apply() {
            if (!replacements.isEmpty()) {
                List<NodeProto> nodes = new ArrayList<>();
                Map<String, NodeProto> pending = new HashMap<>();
                shared.values().forEach(n -> n.getOutputList().forEach(o -> pending.put(o, n)));
                for (int i = 0; i < graph.getNodeCount(); i++) {
                    for (NodeProto n : replacements.getOrDefault(i, List.of(graph.getNode(i)))) {
                        for (String in : n.getInputList()) {
                            NodeProto first = pending.get(in);
                            if (first != null) {
                                // a shared node goes just before its first reader
                                nodes.add(first);
                                first.getOutputList().forEach(pending::remove);
                            }
                        }
                        nodes.add(n);
                    }
                }
                graph.clearNode().addAllNode(nodes);
            }
            if (!removed.isEmpty()) {
                List<TensorProto> keep = graph.getInitializerList().stream()
                        .filter(t -> !removed.contains(t.getName())).toList();
                graph.clearInitializer().addAllInitializer(keep);
                List<ValueInfoProto> inputs = graph.getInputList().stream()
                        .filter(v -> !removed.contains(v.getName())).toList();
                graph.clearInput().addAllInput(inputs);
            }
            graph.addAllInitializer(added);
        }
    }

    /** A constant: an initializer, or the value of a Constant node (constantNode >= 0). */
    record Constant(String name, Scope scope, TensorProto tensor, int constantNode) {
    }

    /** A use of a value: input {@code input} of node {@code node}, or a graph output (node -1). */
    record Use(Scope scope, int node, int input) {
        boolean isGraphOutput() {
            return node < 0;
        }
    }

    final List<Scope> scopes = new ArrayList<>();
    final Map<String, Constant> constants = new LinkedHashMap<>();
    final Map<String, List<Use>> uses = new HashMap<>();
    private final Set<String> names = new HashSet<>();

    GraphIndex(GraphProto.Builder main) {
        visit(main, "main");
    }

    private void visit(GraphProto.Builder g, String path) {
        Scope scope = new Scope(path, g);
        scopes.add(scope);
        for (TensorProto t : g.getInitializerList()) {
            constants.put(t.getName(), new Constant(t.getName(), scope, t, -1));
            names.add(t.getName());
        }
        g.getInputList().forEach(v -> names.add(v.getName()));
        for (int o = 0; o < g.getOutputCount(); o++) {
            uses.computeIfAbsent(g.getOutput(o).getName(), k -> new ArrayList<>()).add(new Use(scope, -1, o));
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            names.add(n.getName());
            n.getOutputList().forEach(names::add);
            for (int k = 0; k < n.getInputCount(); k++) {
                if (!n.getInput(k).isEmpty()) {
                    uses.computeIfAbsent(n.getInput(k), x -> new ArrayList<>()).add(new Use(scope, i, k));
                }
            }
            if (isConstantNode(n) && n.getOutputCount() == 1) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value") && a.getType() == AttributeProto.AttributeType.TENSOR) {
                        constants.put(n.getOutput(0), new Constant(n.getOutput(0), scope, a.getT(), i));
                    }
                }
            }
        }
        // bodies are visited after the graph's own nodes so that node indices above stay valid
        String nodePrefix = path + "/";
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto.Builder nb = g.getNodeBuilder(i);
            String nodeName = nb.getName().isEmpty() ? nb.getOpType() + "_" + i : nb.getName();
            for (int a = 0; a < nb.getAttributeCount(); a++) {
                AttributeProto.Builder ab = nb.getAttributeBuilder(a);
                if (ab.getType() == AttributeProto.AttributeType.GRAPH) {
                    visit(ab.getGBuilder(), nodePrefix + nodeName + "." + ab.getName());
                } else if (ab.getType() == AttributeProto.AttributeType.GRAPHS) {
                    for (int k = 0; k < ab.getGraphsCount(); k++) {
                        visit(ab.getGraphsBuilder(k), nodePrefix + nodeName + "." + ab.getName() + "[" + k + "]");
                    }
                }
            }
        }
    }

    static boolean isConstantNode(NodeProto n) {
        return n.getOpType().equals("Constant") && isDefaultDomain(n.getDomain());
    }

    static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    /** The name of node i as reports show it. */
    static String nodeName(NodeProto n, int i) {
        return n.getName().isEmpty() ? n.getOpType() + "_" + i : n.getName();
    }

    /** The rank of a value from the declared inputs, outputs and value infos of any graph; -1 when unknown. */
    int rank(String name) {
        long[] shape = shape(name);
        return shape == null ? -1 : shape.length;
    }

    /**
     * The declared shape of a value (inputs, outputs and value infos of any graph), -1 for a
     * dimension that is symbolic or not given; null when no shape is declared.
     */
    long[] shape(String name) {
        for (Scope s : scopes) {
            List<ValueInfoProto> infos = new ArrayList<>(s.graph.getInputList());
            infos.addAll(s.graph.getValueInfoList());
            infos.addAll(s.graph.getOutputList());
            for (ValueInfoProto v : infos) {
                if (v.getName().equals(name) && v.getType().hasTensorType()
                        && v.getType().getTensorType().hasShape()) {
                    return v.getType().getTensorType().getShape().getDimList().stream()
                            .mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
                }
            }
        }
        return null;
    }

    List<Use> usesOf(String name) {
        return uses.getOrDefault(name, List.of());
    }

    /** A value name not used anywhere in the model yet, based on {@code base}. */
    String fresh(String base) {
        String clean = base.isEmpty() ? "q" : base;
        String name = clean;
        for (int i = 1; names.contains(name); i++) {
            name = clean + "_" + i;
        }
        names.add(name);
        return name;
    }

    /** True when some node or tensor is called this. */
    boolean hasName(String name) {
        return names.contains(name);
    }
}
