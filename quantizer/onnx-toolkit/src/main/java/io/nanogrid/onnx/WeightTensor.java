package io.nanogrid.onnx;

import java.util.Arrays;

/**
 * One block of learned numbers inside a model: an initializer, a Constant node's value, a tensor
 * attribute, or a numeric list attribute of an ai.onnx.ml operator (LinearClassifier coefficients,
 * TreeEnsemble node values).
 *
 * @param name     tensor name, or "node.attribute" for attributes
 * @param graph    the graph that holds it: "main", or a path such as "main/If_0.then_branch"
 * @param kind     initializer, sparse-initializer, constant or attribute
 * @param type     element type
 * @param dims     shape (an attribute list is one-dimensional)
 * @param elements number of values
 * @param bytes    bytes the values occupy, packed
 */
public record WeightTensor(String name, String graph, Kind kind, ElementType type, long[] dims, long elements,
        long bytes) {

    public enum Kind { INITIALIZER, SPARSE_INITIALIZER, CONSTANT, ATTRIBUTE }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightTensor w && name.equals(w.name) && graph.equals(w.graph) && kind == w.kind
                && type == w.type && Arrays.equals(dims, w.dims) && elements == w.elements && bytes == w.bytes;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + graph.hashCode()) + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return graph + ":" + name + " " + type + Arrays.toString(dims);
    }
}
