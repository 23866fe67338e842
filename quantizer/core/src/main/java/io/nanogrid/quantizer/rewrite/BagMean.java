package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import io.nanogrid.quantizer.rewrite.GraphIndex.Use;
import java.util.List;

/**
 * The mean of an embedding bag: a Gather with indices [1, n] whose only consumer is a ReduceMean
 * over the n axis (the text experts' Gather -> ReduceMean). Its rows may then arrive in any
 * arrangement that keeps the n axis, [planes, n, cols / planes] for example: the mean comes out as
 * [planes, cols / planes] and a Reshape puts the columns back in order, under the mean's own name.
 *
 * @param use      the ReduceMean's place
 * @param mean     the ReduceMean
 * @param keepdims whether it keeps the reduced axis ([1, 1, cols] rather than [1, cols])
 */
record BagMean(Use use, NodeProto mean, boolean keepdims) {
    /** The Gather's bag mean, or null when its output goes anywhere else. */
    static BagMean of(GraphIndex index, NodeProto gather) {
        List<Use> uses = index.usesOf(gather.getOutput(0));
        if (uses.size() != 1 || uses.get(0).isGraphOutput() || uses.get(0).input() != 0) {
            return null;
        }
        NodeProto r = uses.get(0).scope().node(uses.get(0).node());
        if (!r.getOpType().equals("ReduceMean") || !GraphIndex.isDefaultDomain(r.getDomain())) {
            return null;
        }
        long[] axes = axes(index, r);
        if (axes == null || axes.length != 1 || (axes[0] != 1 && axes[0] != -2)) {
            return null;
        }
        return new BagMean(uses.get(0), r, WeightRewriter.intAttr(r, "keepdims", 1) != 0);
    }

    /** The ReduceMean's axes: an attribute before opset 18, a constant input from 18; null when not known. */
    private static long[] axes(GraphIndex index, NodeProto r) {
        for (AttributeProto a : r.getAttributeList()) {
            if (a.getName().equals("axes")) {
                return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        Constant c = r.getInputCount() > 1 ? index.constants.get(r.getInput(1)) : null;
        return c == null ? null : TensorProtos.toLongs(c.tensor());
    }

    /**
     * The ReduceMean reading {@code rows} ([planes, n, cols / planes]) and a Reshape that gives its
     * output [1, cols] (or [1, 1, cols]) under the original name; the shape goes to {@code tensors}.
     */
    Rewrite.Replacement over(GraphIndex index, String rows, int cols, List<TensorProto> tensors) {
        String out = mean.getOutput(0);
        String planes = index.fresh(out + "_planes");
        NodeProto reduce = mean.toBuilder().setInput(0, rows).setOutput(0, planes).build();
        String shape = index.fresh(out + "_shape");
        long[] dims = keepdims ? new long[] {1, 1, cols} : new long[] {1, cols};
        tensors.add(TensorProtos.longs(shape, new long[] {dims.length}, dims));
        NodeProto reshape = WeightRewriter.node("", "Reshape", GraphIndex.nodeName(mean, use.node()) + "_columns",
                List.of(planes, shape), List.of(out), List.of());
        return new Rewrite.Replacement(use.scope(), use.node(), List.of(reduce, reshape));
    }
}
