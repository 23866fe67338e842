package io.nanogrid.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Walks a model's graph and every subgraph (If/Loop/Scan bodies) and collects the operator
 * histogram and every weight, wherever it is stored.
 *
 * <p>What counts as a weight: initializers and sparse initializers, Constant nodes' values, tensor
 * attributes of any node, and the numeric list attributes (floats, ints) of ai.onnx.ml operators,
 * which is where scikit-learn converters keep learned values (LinearClassifier coefficients and
 * intercepts, TreeEnsemble thresholds, node ids and leaf weights, SVM support vectors).
 */
public final class GraphScan {
    /** The ONNX-ML operator domain. */
    public static final String ML_DOMAIN = "ai.onnx.ml";

    private final Map<String, Integer> ops = new TreeMap<>();
    private final List<WeightTensor> weights = new ArrayList<>();

    private GraphScan() {
    }

    public static GraphScan of(ModelProto model) {
        GraphScan scan = new GraphScan();
        scan.graph(model.getGraph(), "main");
        return scan;
    }

    /** Operator counts keyed by operator name: "Conv" for the default domain, else "domain.Op". */
    public Map<String, Integer> ops() {
        return Collections.unmodifiableMap(ops);
    }

    public List<WeightTensor> weights() {
        return Collections.unmodifiableList(weights);
    }

    public long parameters() {
        return weights.stream().mapToLong(WeightTensor::elements).sum();
    }

    public long weightBytes() {
        return weights.stream().mapToLong(WeightTensor::bytes).sum();
    }

    /** The histogram key of an operator. */
    public static String opName(NodeProto node) {
        String domain = node.getDomain();
        return domain.isEmpty() || domain.equals("ai.onnx") ? node.getOpType() : domain + "." + node.getOpType();
    }

    private void graph(GraphProto graph, String path) {
        for (TensorProto t : graph.getInitializerList()) {
            weights.add(tensor(t.getName(), path, WeightTensor.Kind.INITIALIZER, t));
        }
        for (SparseTensorProto s : graph.getSparseInitializerList()) {
            weights.add(sparse(s.getValues().getName(), path, WeightTensor.Kind.SPARSE_INITIALIZER, s));
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            node(graph.getNode(i), i, path);
        }
    }

    private void node(NodeProto node, int index, String path) {
        ops.merge(opName(node), 1, Integer::sum);
        String nodeName = node.getName().isEmpty() ? node.getOpType() + "_" + index : node.getName();
        boolean constant = node.getOpType().equals("Constant") && (node.getDomain().isEmpty()
                || node.getDomain().equals("ai.onnx"));
        boolean ml = node.getDomain().equals(ML_DOMAIN);
        for (AttributeProto a : node.getAttributeList()) {
            String name = constant && node.getOutputCount() > 0 ? node.getOutput(0) : nodeName + "." + a.getName();
            WeightTensor.Kind kind = constant ? WeightTensor.Kind.CONSTANT : WeightTensor.Kind.ATTRIBUTE;
            switch (a.getType()) {
                case TENSOR -> weights.add(tensor(name, path, kind, a.getT()));
                case TENSORS -> {
                    for (int k = 0; k < a.getTensorsCount(); k++) {
                        weights.add(tensor(name + "[" + k + "]", path, kind, a.getTensors(k)));
                    }
                }
                case SPARSE_TENSOR -> weights.add(sparse(name, path, kind, a.getSparseTensor()));
                case FLOATS -> {
                    if (ml || constant) {
                        weights.add(list(name, path, kind, ElementType.FLOAT, a.getFloatsCount()));
                    }
                }
                case INTS -> {
                    if (ml || constant) {
                        weights.add(list(name, path, kind, ElementType.INT64, a.getIntsCount()));
                    }
                }
                case GRAPH -> graph(a.getG(), path + "/" + nodeName + "." + a.getName());
                case GRAPHS -> {
                    for (int k = 0; k < a.getGraphsCount(); k++) {
                        graph(a.getGraphs(k), path + "/" + nodeName + "." + a.getName() + "[" + k + "]");
                    }
                }
                default -> {
                    // scalars and strings are configuration, not learned values
                }
            }
        }
    }

    private static WeightTensor tensor(String name, String path, WeightTensor.Kind kind, TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        ElementType type = ElementType.fromCode(t.getDataType());
        long bytes = type == ElementType.STRING
                ? t.getStringDataList().stream().mapToLong(s -> s.size()).sum()
                : type.bytesFor(n);
        return new WeightTensor(name, path, kind, type, dims, n, bytes);
    }

    private static WeightTensor sparse(String name, String path, WeightTensor.Kind kind, SparseTensorProto s) {
        WeightTensor values = tensor(name, path, kind, s.getValues());
        WeightTensor indices = tensor(name, path, kind, s.getIndices());
        long[] dims = s.getDimsList().stream().mapToLong(Long::longValue).toArray();
        return new WeightTensor(name, path, kind, values.type(), dims, values.elements(),
                values.bytes() + indices.bytes());
    }

    private static WeightTensor list(String name, String path, WeightTensor.Kind kind, ElementType type, int count) {
        return new WeightTensor(name, path, kind, type, new long[] {count}, count, type.bytesFor(count));
    }
}
