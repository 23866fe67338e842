package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.Value;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import io.nanogrid.quantizer.rewrite.QuantizeResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Raising an old model's opset (qdq needs 21, 2-bit 25) converts the operators whose form changed;
 * the raised model must compute what the old one did (checked with the weights dequantized).
 */
class OpsetUpgradeTest {
    /**
     * Opset 9 (opset 10 for TopK's k attribute would also do): every converted operator on the way
     * from a MatMul to the outputs, Softmax on a value of unknown rank (the Flatten/Reshape form).
     */
    private static ModelProto oldModel() {
        GraphBuilder g = new GraphBuilder("old").opset("", 9).irVersion(4);
        g.input("x", ElementType.FLOAT, 2, 64);
        g.floats("W", new long[] {64, 48}, QuantTestModels.gaussian(64 * 48, 21, 0.2f));
        g.floats("Wc", new long[] {64, 64, 1, 1}, QuantTestModels.gaussian(64 * 64, 22, 0.2f));
        g.longs("as4d", new long[] {4}, new long[] {2, 64, 1, 1});
        g.longs("as2d", new long[] {2}, new long[] {2, 64});
        g.node("Reshape", List.of("x", "as4d"), List.of("x4"));
        g.node("Conv", List.of("x4", "Wc"), List.of("y4"));
        g.node("Reshape", List.of("y4", "as2d"), List.of("y"));
        g.node("MatMul", List.of("y", "W"), List.of("h"));
        g.node("Unsqueeze", List.of("h"), List.of("h3"), Map.of("axes", new long[] {1}));           // [2,1,48]
        g.node("ReduceSum", List.of("h3"), List.of("s"), Map.of("axes", new long[] {1}, "keepdims", 1)); // [2,1,48]
        g.node("ReduceMean", List.of("h3"), List.of("m"), Map.of("axes", new long[] {1}, "keepdims", 1));
        g.node("Add", List.of("s", "m"), List.of("sm"));
        g.node("Squeeze", List.of("sm"), List.of("q"), Map.of("axes", new long[] {1}));             // [2,48]
        g.node("Split", List.of("q"), List.of("a", "b"), Map.of("axis", 1, "split", new long[] {16, 32}));
        g.node("Split", List.of("b"), List.of("b1", "b2"), Map.of("axis", 1));                     // equal halves
        g.node("Pad", List.of("a"), List.of("ap"), Map.of("pads", new long[] {0, 2, 0, 2}, "value", 0.5f));
        g.node("Slice", List.of("b1"), List.of("bs"), Map.of("starts", new long[] {1}, "ends", new long[] {13},
                "axes", new long[] {1}));
        g.node("Clip", List.of("b2"), List.of("bc"), Map.of("min", -0.5f, "max", 0.5f));
        g.node("Dropout", List.of("bs"), List.of("bd"), Map.of("ratio", 0.3f));
        g.node("Concat", List.of("ap", "bd", "bc"), List.of("c"), Map.of("axis", 1));               // [2,48]
        g.node("Relu", List.of("c"), List.of("r"));
        g.node("Softmax", List.of("r"), List.of("p"), Map.of("axis", 1));
        g.node("LogSoftmax", List.of("c"), List.of("lp"), Map.of("axis", 1));
        g.node("Softmax", List.of("c"), List.of("inner"), Map.of("axis", 1)); // rank unknown: Flatten/Reshape form
        g.node("Add", List.of("inner", "p"), List.of("pp"));
        g.output("pp", ElementType.FLOAT, 2, 48);
        g.output("lp", ElementType.FLOAT, 2, 48);
        return g.build();
    }

    @Test
    void convertedOperatorsKeepTheirMeaning() {
        ModelProto m = oldModel();
        // 2-bit Conv weights need DequantizeLinear at opset 25; MatMulNBits at accuracy_level 0 is exact
        QuantizeOptions exact = QuantizeOptions.of(new QuantSpec(2, 32, QuantMethod.RTN, false)).withAccuracyLevel(0);
        QuantizeResult e = new ModelQuantizer(new FastQuantizer()).quantize(m, exact, Map.of());
        assertEquals(25, ModelQuantizer.defaultOpset(e.model()));
        Map<String, Value> x = Map.of("x", new FloatTensor(new long[] {2, 64}, QuantTestModels.gaussian(128, 5, 1f)));
        double exactDiff = QuantizedGraphsTest.relativeDifference(e.model(), DequantizedReference.of(m, e.quantized(),
                exact.spec()), x);
        assertTrue(exactDiff < 1e-4, "relative difference " + exactDiff);
        for (int bits : new int[] {4, 2}) {
            QuantizeOptions o = QuantizeOptions.of(new QuantSpec(bits, 32, QuantMethod.RTN, false))
                    .withFormat(OutputFormat.QDQ);
            QuantizeResult r = new ModelQuantizer(new FastQuantizer()).quantize(m, o, Map.of());
            assertEquals(bits == 2 ? 25 : 21, ModelQuantizer.defaultOpset(r.model()));
            assertTrue(r.model().getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Flatten")),
                    "the Softmax of unknown rank keeps its old meaning through Flatten/Reshape");
            ModelProto reference = DequantizedReference.of(m, r.quantized(), o.spec());
            Map<String, Value> in = Map.of("x", new FloatTensor(new long[] {2, 64},
                    QuantTestModels.gaussian(128, 5, 1f)));
            double d = QuantizedGraphsTest.relativeDifference(r.model(), reference, in);
            // DequantizeLinear -> MatMul runs with int8 activations once ONNX Runtime fuses it
            assertTrue(d < 0.03, bits + "-bit: relative difference " + d);
        }
    }
}
