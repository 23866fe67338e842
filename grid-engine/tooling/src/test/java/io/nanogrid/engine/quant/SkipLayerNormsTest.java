package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.onnx.OnnxModels;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import io.nanogrid.quantizer.rewrite.SkipLayerNorms;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The residual Add + layer norm fusion on transformer blocks built here, in both ways exporters write the norm
 * (nine nodes, one LayerNormalization), run by ONNX Runtime: the fused model computes what the unfused one does,
 * a fusion ONNX Runtime would refuse at run time is left out with a note, and the portable format is not fused.
 */
class SkipLayerNormsTest {
    private static final int H = 64;
    private static final OrtRuntime ORT = new OrtRuntime();
    private static final ModelQuantizer QUANTIZER = new ModelQuantizer(new FastQuantizer());

    @TempDir
    Path dir;

    /**
     * x [B,S,H] -> MatMul + bias -> Add residual (skip, [B,S,H], or broadcast [1,S,H] first when
     * {@code broadcastFirst}) -> norm as nine nodes -> MatMul + bias -> Add residual -> LayerNormalization -> y.
     */
    static ModelProto blocks(boolean broadcastFirst) {
        GraphBuilder g = new GraphBuilder("blocks").opset("", 17).input("x", ElementType.FLOAT, "B", "S", H)
                .output("y", ElementType.FLOAT, "B", "S", H);
        if (broadcastFirst) {
            g.input("p", ElementType.FLOAT, 1, "S", H);
        }
        String w1 = g.floats("w1", new long[] {H, H}, QuantTestModels.gaussian(H * H, 1, 0.2f));
        String b1 = g.floats("b1", new long[] {H}, QuantTestModels.gaussian(H, 2, 0.1f));
        g.node("MatMul", List.of("x", w1), List.of("m1")).node("Add", List.of(b1, "m1"), List.of("d1"));
        g.node("Add", broadcastFirst ? List.of("p", "d1") : List.of("d1", "x"), List.of("r1"));
        String two = g.floats("two", new long[] {}, new float[] {2f});
        String eps = g.floats("eps", new long[] {}, new float[] {1e-12f});
        Map<String, Object> lastAxis = Map.of("axes", new long[] {-1});
        g.node("ReduceMean", List.of("r1"), List.of("mean"), lastAxis).node("Sub", List.of("r1", "mean"), List.of("c"))
                .node("Pow", List.of("c", two), List.of("sq")).node("ReduceMean", List.of("sq"), List.of("var"), lastAxis)
                .node("Add", List.of("var", eps), List.of("ve")).node("Sqrt", List.of("ve"), List.of("sd"))
                .node("Div", List.of("c", "sd"), List.of("n"));
        String gamma = g.floats("gamma1", new long[] {H}, QuantTestModels.gaussian(H, 3, 1f));
        String beta = g.floats("beta1", new long[] {H}, QuantTestModels.gaussian(H, 4, 0.1f));
        g.node("Mul", List.of("n", gamma), List.of("ng")).node("Add", List.of("ng", beta), List.of("h1"));
        String w2 = g.floats("w2", new long[] {H, H}, QuantTestModels.gaussian(H * H, 5, 0.2f));
        String b2 = g.floats("b2", new long[] {H}, QuantTestModels.gaussian(H, 6, 0.1f));
        g.node("MatMul", List.of("h1", w2), List.of("m2")).node("Add", List.of("m2", b2), List.of("d2"))
                .node("Add", List.of("h1", "d2"), List.of("r2"));
        String gamma2 = g.floats("gamma2", new long[] {H}, QuantTestModels.gaussian(H, 7, 1f));
        String beta2 = g.floats("beta2", new long[] {H}, QuantTestModels.gaussian(H, 8, 0.1f));
        g.node("LayerNormalization", List.of("r2", gamma2, beta2), List.of("y"), Map.of("axis", -1L, "epsilon",
                1e-5f));
        return g.build();
    }

    private QuantizeService.Outcome quantize(ModelProto model, OutputFormat format, String name) {
        Path in = dir.resolve(name + ".onnx");
        OnnxModels.write(model, in);
        QuantizeOptions o = QuantizeOptions.of(new QuantSpec(8, 32, QuantMethod.RTN, false)).withFormat(format)
                .withMinElements(16);
        return new QuantizeService(ORT, QUANTIZER).quantize(in, dir.resolve(name + "-q.onnx"), o, false, false,
                Progress.NONE);
    }

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().map(NodeProto::getOpType).filter(op::equals).count();
    }

    private static Map<String, Value> inputs(boolean broadcast, int batch) {
        Map<String, Value> in = new LinkedHashMap<>();
        in.put("x", new FloatTensor(new long[] {batch, 5, H}, QuantTestModels.gaussian(batch * 5 * H, 9, 1f)));
        if (broadcast) {
            in.put("p", new FloatTensor(new long[] {1, 5, H}, QuantTestModels.gaussian(5 * H, 10, 1f)));
        }
        return in;
    }

    @ParameterizedTest
    @EnumSource(value = OutputFormat.class, names = {"NBITS", "DYNAMIC"})
    void bothNormFormsAreFusedAndComputeWhatTheUnfusedModelComputes(OutputFormat format) {
        ModelProto model = blocks(false);
        QuantizeService.Outcome out = quantize(model, format, "blocks");
        ModelProto fused = out.result().model();
        assertEquals(2, count(fused, "SkipLayerNormalization"), "both norms fused");
        assertEquals(0, count(fused, "LayerNormalization") + count(fused, "ReduceMean") + count(fused, "Sqrt"),
                "no norm node left");
        assertTrue(fused.getGraph().getInitializerList().stream().noneMatch(t -> t.getName().equals("eps")
                || t.getName().equals("two")), "the norms' own constants removed (ONNX Runtime warns of unused ones)");
        assertTrue(out.report().notes().stream().anyMatch(n -> n.startsWith("2 residual Add + layer norm pair(s) "
                + "fused")), out.report().notes().toString());
        assertTrue(fused.getMetadataPropsList().stream().anyMatch(p -> p.getKey().equals(SkipLayerNorms.META_KEY)
                && p.getValue().equals("SkipLayerNormalization 2")));
        // the same quantized weights without the fusion: the fused model must compute the same function
        ModelProto unfused = QUANTIZER.quantize(model, QuantizeOptions.of(new QuantSpec(8, 32, QuantMethod.RTN, false))
                .withFormat(format).withMinElements(16), Map.of()).model();
        assertEquals(1, count(unfused, "LayerNormalization"));
        double d = QuantizedGraphsTest.relativeDifference(fused, unfused, inputs(false, 3));
        assertTrue(d < 1e-4, "fused vs unfused relative difference " + d);
    }

    @Test
    void aFusionOnnxRuntimeWouldRefuseAtRunTimeIsLeftOutWithANote() {
        // Add(p [1,S,H], d [B,S,H]): fused in the Add's order, the broadcast operand would be
        // SkipLayerNormalization's full-shape input, which ONNX Runtime refuses at run time for B > 1
        QuantizeService.Outcome out = quantize(blocks(true), OutputFormat.NBITS, "broadcast");
        ModelProto q = out.result().model();
        assertEquals(0, count(q, "SkipLayerNormalization"), "nothing fused");
        assertTrue(out.report().notes().stream().anyMatch(n -> n.startsWith("2 residual Add + layer norm pair(s) "
                + "left apart") && !n.contains("source model")), out.report().notes().toString());
        try (Model m = ORT.load(dir.resolve("broadcast-q.onnx"))) {
            FloatTensor y = (FloatTensor) m.run(inputs(true, 2)).get("y");
            assertEquals(2 * 5 * H, y.values().length, "the written model answers a batch of two");
        }
    }

    @Test
    void theQdqFormatStaysPortableAndAValueReadElsewhereIsNotFused() {
        ModelProto qdq = quantize(blocks(false), OutputFormat.QDQ, "qdq").result().model();
        assertEquals(0, count(qdq, "SkipLayerNormalization"), "qdq uses standard operators only");

        // the first residual sum also an output of the graph: that norm stays; the second is fused
        ModelProto model = blocks(false);
        model = model.toBuilder().setGraph(model.getGraph().toBuilder().addOutput(model.getGraph().getOutput(0)
                .toBuilder().setName("r1"))).build();
        SkipLayerNorms.Fused f = SkipLayerNorms.fuse(model);
        assertEquals(1, f.count());
        assertEquals(1, count(f.model(), "ReduceMean") / 2, "the nine-node norm of r1 kept");
    }
}
