package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.quantizer.rewrite.GraphIndex.Scope;
import java.util.List;

/**
 * What replaces one node that used a float weight: its new nodes (in order), the new tensors (placed
 * beside the float weight, which is removed once no node uses it), and the report line.
 *
 * @param nodes        the nodes that take the consumer's place
 * @param tensors      new initializers
 * @param report       what was done
 * @param alsoReplaced other nodes the rewrite changes (an embedding bag's ReduceMean)
 */
record Rewrite(List<NodeProto> nodes, List<TensorProto> tensors, TensorReport report, List<Replacement> alsoReplaced) {
    Rewrite(List<NodeProto> nodes, List<TensorProto> tensors, TensorReport report) {
        this(nodes, tensors, report, List.of());
    }

    /** Node {@code node} of {@code scope} becomes {@code nodes}. */
    record Replacement(Scope scope, int node, List<NodeProto> nodes) {
    }
}
