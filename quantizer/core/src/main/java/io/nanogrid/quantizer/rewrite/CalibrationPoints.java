package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import io.nanogrid.quantizer.rewrite.GraphIndex.Use;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where calibration data is recorded: the values that MatMul and Gemm nodes of the main graph multiply
 * by a constant float 2-D weight (their input A), with the number of features each row has (K).
 */
public final class CalibrationPoints {
    private CalibrationPoints() {
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
