package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import io.nanogrid.quantizer.rewrite.GraphIndex.Use;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where calibration data is recorded: the values that MatMul and Gemm nodes of the main graph multiply
 * by a constant float 2-D weight (their input A), with the number of features each row has (K).
 */
public final class CalibrationPoints {
    private CalibrationPoints() {
    }

    /**
     * The embedding tables of the main graph (2-D float weights only Gather reads) by name, with their rows and
     * the index values their Gathers read: where calibration counts the rows read.
     */
    public static Map<String, Table> tables(ModelProto model) {
        GraphIndex index = new GraphIndex(model.getGraph().toBuilder());
        Map<String, Table> out = new LinkedHashMap<>();
        for (Constant c : index.constants.values()) {
            long[] dims = TensorProtos.dims(c.tensor());
            List<Use> uses = index.usesOf(c.name());
            if (c.tensor().getDataType() != ElementType.FLOAT.code() || dims.length != 2 || !c.scope().path.equals(
                    "main") || uses.isEmpty()) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            for (Use u : uses) {
                NodeProto n = u.isGraphOutput() ? null : u.scope().node(u.node());
                if (n == null || u.input() != 0 || !n.getOpType().equals("Gather")) {
                    ids = null;
                    break;
                }
                ids.add(n.getInput(1));
            }
            if (ids != null) {
                out.put(c.name(), new Table((int) dims[0], List.copyOf(ids)));
            }
        }
        return out;
    }

    /** An embedding table's rows and the index values its Gathers read. */
    public record Table(int rows, List<String> indices) {
    }

    /** Value name -> K, in node order. */
    public static Map<String, Integer> of(ModelProto model) {
        GraphIndex index = new GraphIndex(model.getGraph().toBuilder());
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Constant c : index.constants.values()) {
            long[] dims = TensorProtos.dims(c.tensor());
            if (c.tensor().getDataType() != ElementType.FLOAT.code() || dims.length != 2 || !c.scope().path.equals(
                    "main")) {
                continue;
            }
            for (Use u : index.usesOf(c.name())) {
                if (u.isGraphOutput() || u.input() != 1) {
                    continue;
                }
                NodeProto n = u.scope().node(u.node());
                if (!GraphIndex.isDefaultDomain(n.getDomain())) {
                    continue;
                }
                if (n.getOpType().equals("MatMul")) {
                    out.put(n.getInput(0), (int) dims[0]);
                } else if (n.getOpType().equals("Gemm") && WeightRewriter.intAttr(n, "transA", 0) == 0) {
                    out.put(n.getInput(0), (int) (WeightRewriter.intAttr(n, "transB", 0) != 0 ? dims[1] : dims[0]));
                }
            }
        }
        return out;
    }
}
