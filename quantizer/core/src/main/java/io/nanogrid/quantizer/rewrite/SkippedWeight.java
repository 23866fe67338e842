package io.nanogrid.quantizer.rewrite;

/**
 * A float weight left as it was, and why.
 *
 * @param name   the weight's name ("node.attribute" for attribute values)
 * @param graph  "main", or the subgraph path
 * @param shape  its shape
 * @param bytes  its bytes
 * @param reason why it stays float
 */
public record SkippedWeight(String name, String graph, long[] shape, long bytes, String reason) {
}
