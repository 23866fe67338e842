package io.nanogrid.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphScanTest {
    @Test
    void countsInitializersSubgraphWeightsConstantsAndMlAttributes() {
        GraphBuilder then = new GraphBuilder("then");
        then.floats("then_w", new long[] {2, 5}, new float[10]);
        then.node("Identity", List.of("then_w"), List.of("branch_out"));
        then.output("branch_out", ElementType.FLOAT, 2, 5);
        GraphBuilder otherwise = new GraphBuilder("else");
        otherwise.node("Constant", List.of(), List.of("branch_out"),
                Map.of("value", TensorProtos.floats("c", new long[] {2, 5}, new float[10])));
        otherwise.output("branch_out", ElementType.FLOAT, 2, 5);

        GraphBuilder g = new GraphBuilder("main").opset(GraphScan.ML_DOMAIN, 3);
        g.input("x", ElementType.FLOAT, 1, 4);
        g.input("flag", ElementType.BOOL);
        g.floats("w", new long[] {4, 3}, new float[12]);
        g.longs("shape", new long[] {2}, new long[] {1, 3});
        g.node("MatMul", List.of("x", "w"), List.of("y"));
        g.node("If", List.of("flag"), List.of("z"), Map.of("then_branch", then.buildGraph(),
                "else_branch", otherwise.buildGraph()));
        g.node(GraphScan.ML_DOMAIN, "LinearClassifier", List.of("x"), List.of("label", "scores"),
                Map.of("coefficients", new float[12], "intercepts", new float[3], "classlabels_ints",
                        new long[] {0, 1, 2}, "post_transform", "SOFTMAX"));
        g.output("y", ElementType.FLOAT, 1, 3);
        ModelProto m = g.build();

        GraphScan scan = GraphScan.of(m);
        // w 12 + shape 2 + then_w 10 + Constant 10 + coefficients 12 + intercepts 3 + classlabels 3
        assertEquals(52, scan.parameters());
        assertEquals(12 * 4 + 2 * 8 + 10 * 4 + 10 * 4 + 12 * 4 + 3 * 4 + 3 * 8, scan.weightBytes());
        assertEquals(Map.of("MatMul", 1, "If", 1, "Identity", 1, "Constant", 1, "ai.onnx.ml.LinearClassifier", 1),
                scan.ops());
        WeightTensor thenW = scan.weights().stream().filter(w -> w.name().equals("then_w")).findFirst().orElseThrow();
        assertTrue(thenW.graph().startsWith("main/If_"), thenW.graph());
        assertTrue(scan.weights().stream().anyMatch(w -> w.name().equals("LinearClassifier_2.coefficients")
                && w.kind() == WeightTensor.Kind.ATTRIBUTE));
    }

    @Test
    void packedTypesCountTheirBitsNotBytes() {
        assertEquals(16, ElementType.INT4.bytesFor(32));
        assertEquals(8, ElementType.UINT2.bytesFor(32));
        assertEquals(1, ElementType.INT2.bytesFor(3));
        assertEquals(ElementType.INT2, ElementType.fromCode(26));
        assertEquals(ElementType.UINT4, ElementType.fromCode(21));
    }
}
