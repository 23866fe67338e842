package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.testing.ProjectFiles;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.onnx.GraphScan;
import io.nanogrid.onnx.OnnxModels;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.GatherForm;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import io.nanogrid.quantizer.rewrite.QuantizeResult;
import io.nanogrid.quantizer.rewrite.SkippedWeight;
import io.nanogrid.quantizer.rewrite.TensorReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rewritten graph is loaded by ONNX Runtime and must compute what the float graph computes
 * with the dequantized weights: exactly where ONNX Runtime dequantizes (MatMulNBits at
 * accuracy_level 0, GatherBlockQuantized, DequantizeLinear -> Conv), within the error of int8
 * activations where it computes with them (accuracy_level 4, and DequantizeLinear -> MatMul, which
 * ONNX Runtime fuses into MatMulNBits at its default accuracy level 4).
 */
class QuantizedGraphsTest {
    private static final OrtRuntime ORT = new OrtRuntime();
    private static final ModelQuantizer QUANTIZER = new ModelQuantizer(new FastQuantizer());

    static List<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (int bits : new int[] {8, 4, 2}) {
            for (OutputFormat f : OutputFormat.values()) {
                for (boolean sym : new boolean[] {true, false}) {
                    if (f == OutputFormat.DYNAMIC && bits != 8) {
                        continue;
                    }
                    out.add(Arguments.of(bits, f, sym));
                }
            }
        }
        return out;
    }

    private static QuantizeOptions options(int bits, OutputFormat f, boolean sym, int accuracyLevel) {
        return QuantizeOptions.of(new QuantSpec(bits, 32, QuantMethod.SEARCH, sym)).withFormat(f)
                .withAccuracyLevel(accuracyLevel).withMinElements(16);
    }

    /** Runs both models on the inputs; the largest output difference relative to the largest reference value. */
    static double relativeDifference(ModelProto quantized, ModelProto reference, Map<String, Value> inputs) {
        try (Model q = ORT.load(quantized.toByteArray(), "quantized");
                Model r = ORT.load(reference.toByteArray(), "reference")) {
            Map<String, Value> a = q.run(inputs);
            Map<String, Value> b = r.run(inputs);
            double diff = 0;
            double scale = 1e-6;
            for (String name : b.keySet()) {
                if (!(b.get(name) instanceof FloatTensor fb)) {
                    continue;
                }
                float[] fa = ((FloatTensor) a.get(name)).values();
                for (int i = 0; i < fa.length; i++) {
                    diff = Math.max(diff, Math.abs(fa[i] - fb.values()[i]));
                    scale = Math.max(scale, Math.abs(fb.values()[i]));
                }
            }
            return diff / scale;
        }
    }

    private static QuantizeResult checkAgainstReference(ModelProto model, QuantizeOptions o, Map<String, Value> in,
            double tolerance) {
        QuantizeResult r = QUANTIZER.quantize(model, o, Map.of("nanogrid.quantization.source_sha256", "test"));
        assertFalse(r.quantized().isEmpty(), "something was quantized");
        ModelProto reference = DequantizedReference.of(model, r.quantized(), o.spec());
        double d = relativeDifference(r.model(), reference, in);
        assertTrue(d <= tolerance, o.spec().describe() + " " + o.format() + ": relative difference " + d);
        return r;
    }

    private static Map<String, Value> floats(String name, long[] shape, long seed) {
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        return Map.of(name, new FloatTensor(shape, QuantTestModels.gaussian(n, seed, 1f)));
    }

    private static final double EXACT = 2e-5;
    private static final double INT8_ACTIVATIONS = 0.03;

    @ParameterizedTest(name = "{0}-bit {1} symmetric={2}")
    @MethodSource("variants")
    void matMulAndGemmCompute(int bits, OutputFormat f, boolean sym) {
        double exact = f == OutputFormat.NBITS ? EXACT : INT8_ACTIVATIONS;
        QuantizeResult r = checkAgainstReference(QuantTestModels.matMul(200, 24), options(bits, f, sym, 0),
                floats("x", new long[] {3, 200}, 1), exact);
        assertEquals(switch (f) {
            case NBITS -> "MatMulNBits";
            case QDQ -> "DequantizeLinear";
            case DYNAMIC -> "MatMulInteger"; // opset 13: the standard form, which ONNX Runtime fuses
        }, r.quantized().get(0).storedAs().split(" ")[0]);
        checkAgainstReference(QuantTestModels.matMul(200, 24), options(bits, f, sym, 4),
                floats("x", new long[] {3, 200}, 1), INT8_ACTIVATIONS);
        QuantizeResult g = checkAgainstReference(QuantTestModels.gemms(96, 40, 10), options(bits, f, sym, 0),
                floats("x", new long[] {2, 96}, 2), exact);
        assertEquals(Set.of("B1", "B2"), Set.copyOf(g.quantized().stream().map(TensorReport::name).toList()));
        if (f == OutputFormat.DYNAMIC) {
            assertTrue(g.quantized().get(0).storedAs().startsWith("DynamicQuantizeMatMul"),
                    "opset 9 has no DynamicQuantizeLinear: ONNX Runtime's fused contrib operator");
            assertEquals(9, ModelQuantizer.defaultOpset(g.model()), "dynamic leaves the opset alone");
        } else if (f == OutputFormat.QDQ) {
            assertTrue(g.notes().stream().anyMatch(n -> n.contains("opset raised from 9 to " + (bits == 2 ? 25 : 21))),
                    g.notes().toString());
        } else {
            assertEquals(9, ModelQuantizer.defaultOpset(g.model()), "nbits leaves the opset alone");
        }
    }

    @ParameterizedTest(name = "{0}-bit {1} symmetric={2}")
    @MethodSource("variants")
    void embeddingTablesAndConvolutionsCompute(int bits, OutputFormat f, boolean sym) {
        Map<String, Value> ids = Map.of("ids", new LongTensor(new long[] {1, 5}, new long[] {3, 4095, 17, 3, 900}));
        for (GatherForm g : GatherForm.values()) {
            QuantizeResult r = checkAgainstReference(QuantTestModels.embeddingBag(4096, 32, 4),
                    options(bits, f, sym, 0).withGather(g), ids, f == OutputFormat.NBITS ? EXACT : INT8_ACTIVATIONS);
            String storedAs = r.quantized().stream().filter(t -> t.name().equals("emb")).findFirst().orElseThrow()
                    .storedAs();
            assertEquals(switch (g) {
                case DQ -> "Gather + DequantizeLinear per row";
                case UNPACK -> "Gather uint8 planes -> dequantize";
                case GBQ -> "GatherBlockQuantized";
            }, storedAs);
        }
        QuantizeResult c = checkAgainstReference(QuantTestModels.conv(), options(bits, f, sym, 0),
                floats("x", new long[] {1, 3, 8, 8}, 3), EXACT);
        TensorReport conv = c.quantized().get(0);
        assertTrue(conv.storedAs().startsWith("DequantizeLinear"), conv.storedAs());
        assertEquals(27, conv.block(), "one block per output channel");
    }

    static List<Arguments> bitsAndSymmetry() {
        List<Arguments> out = new ArrayList<>();
        for (int bits : new int[] {8, 4, 2}) {
            for (boolean sym : new boolean[] {true, false}) {
                out.add(Arguments.of(bits, sym));
            }
        }
        return out;
    }

    /**
     * The default embedding form, checked against the dequantized reference in each of its shapes:
     * one block per row with ids [1, n] and [n] (DequantizeLinear per axis), two blocks per row and a
     * batch of bags (blocked DequantizeLinear), and a bag's mean straight out (planes on a first axis,
     * the mean reshaped, with and without keepdims); indices across the table, repeats included.
     */
    @ParameterizedTest(name = "{0}-bit symmetric={1}")
    @MethodSource("bitsAndSymmetry")
    void dequantizedGatherMatchesTheReferenceInEveryShape(int bits, boolean sym) {
        long[] ids = {0, 4095, 17, 3, 17, 900, 2048};
        record Case(ModelProto model, long[] shape, String storedAs) {
        }
        List<Case> cases = List.of(
                new Case(QuantTestModels.embeddingBags(4096, 32, 4, 1), new long[] {1, 7}, "per row"),
                new Case(QuantTestModels.embeddingBags(4096, 32, 4, 0), new long[] {7}, "per row"),
                new Case(QuantTestModels.embeddingBags(4096, 64, 4, 1, 21), new long[] {1, 7}, "blocked"),
                new Case(QuantTestModels.embeddingBags(4096, 16, 4, 2, 21), new long[] {2, 7}, "blocked"));
        for (boolean keepdims : new boolean[] {false, true}) {
            QuantizeResult r = checkAgainstReference(QuantTestModels.bagMean(4096, 32, keepdims),
                    options(bits, OutputFormat.NBITS, sym, 0), Map.of("ids", new LongTensor(new long[] {1, 7}, ids)),
                    EXACT);
            boolean planesFirst = r.model().getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals(
                    "Concat") && n.getAttribute(0).getI() == 0);
            assertEquals(bits < 8, planesFirst, "sub-byte planes concatenated on a first axis, the mean reshaped");
        }
        for (Case c : cases) {
            long[] values = c.shape().length == 2 && c.shape()[0] == 2 ? LongStream.concat(
                    Arrays.stream(ids), Arrays.stream(ids).map(i -> 4095 - i)).toArray() : ids;
            QuantizeResult r = checkAgainstReference(c.model(), options(bits, OutputFormat.NBITS, sym, 0),
                    Map.of("ids", new LongTensor(c.shape(), values)), EXACT);
            TensorReport emb = r.quantized().stream().filter(t -> t.name().equals("emb")).findFirst().orElseThrow();
            assertEquals("Gather + DequantizeLinear " + c.storedAs(), emb.storedAs(), Arrays.toString(
                    c.shape()));
            assertTrue(r.model().getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Cast")
                    || n.getDomain().equals("com.microsoft") && n.getOpType().startsWith("Gather")),
                    "one DequantizeLinear, no Cast/Sub/Mul chain or GatherBlockQuantized");
        }
        // blocked needs opset 21: an opset-17 model is not raised that far for it, the rows are unpacked
        QuantizeResult old = checkAgainstReference(QuantTestModels.embeddingBags(4096, 64, 4, 1, 17),
                options(bits, OutputFormat.NBITS, sym, 0), Map.of("ids", new LongTensor(new long[] {1, 7}, ids)), EXACT);
        assertEquals("Gather uint8 planes -> dequantize", old.quantized().stream().filter(t -> t.name().equals("emb"))
                .findFirst().orElseThrow().storedAs());
        assertTrue(old.notes().stream().anyMatch(n -> n.contains("--gather unpack")), old.notes().toString());
    }

    /** The sample grid's real expert files at 4 and 2 bits in the default form, against the dequantized reference. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"langid", "sentiment", "spam", "topic", "intent"})
    void sampleExpertsInTheDefaultFormComputeTheDequantizedModel(String expert) {
        ModelProto model = OnnxModels.read(ProjectFiles.sampleGrid("text-assistant", "experts",
                expert + ".onnx"));
        long buckets = GraphScan.of(model).weights().stream().filter(w -> w.name().equals("embedding")).findFirst()
                .orElseThrow().dims()[0];
        Random random = new Random(expert.hashCode());
        long[] ids = random.longs(300, 0, buckets).toArray();
        for (int bits : new int[] {4, 2}) {
            QuantizeResult r = checkAgainstReference(model, options(bits, OutputFormat.NBITS, false, 0),
                    Map.of("ids", new LongTensor(new long[] {1, ids.length}, ids)), EXACT);
            assertEquals("Gather + DequantizeLinear per row", r.quantized().stream().filter(t -> t.name().equals(
                    "embedding")).findFirst().orElseThrow().storedAs());
        }
    }

    @Test
    void weightsInsideIfAndLoopBodiesAreQuantizedAndAttributeWeightsReported() {
        ModelProto m = QuantTestModels.subgraphs(64, 8);
        for (float sign : new float[] {1f, -1f}) {
            float[] x = QuantTestModels.gaussian(64, 4, 1f);
            float sum = 0;
            for (float v : x) {
                sum += v;
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] - sum / x.length + sign * 0.1f; // both branches, by the sign of the sum
            }
            Map<String, Value> in = Map.of("x", new FloatTensor(new long[] {1, 64}, x));
            QuantizeResult r = checkAgainstReference(m, options(4, OutputFormat.NBITS, false, 0), in, EXACT);
            assertEquals(Set.of("W_then", "W_outer", "W_loop"), Set.copyOf(r.quantized().stream()
                    .map(TensorReport::name).toList()));
            TensorReport then = r.quantized().stream().filter(t -> t.name().equals("W_then")).findFirst().orElseThrow();
            assertTrue(then.graph().startsWith("main/If_"), then.graph());
            SkippedWeight coefficients = r.skipped().stream().filter(s -> s.name().endsWith(".coefficients"))
                    .findFirst().orElseThrow();
            assertTrue(coefficients.reason().contains("attribute"), coefficients.reason());
            assertFalse(GraphScan.of(r.model()).weights().stream().anyMatch(w -> w.name().equals("W_loop")),
                    "the Constant node holding the float weight is gone");
        }
    }

    @Test
    void weightsBehindAConstantReshapeOrFlattenAreQuantized() {
        ModelProto m = QuantTestModels.reshapedWeights();
        QuantizeOptions o = options(8, OutputFormat.NBITS, false, 0);
        QuantizeResult r = QUANTIZER.quantize(m, o, Map.of());
        assertEquals(List.of("P_matrix", "Q_matrix"), r.quantized().stream().map(TensorReport::name).sorted().toList());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("2 constant weight(s) behind a Reshape/Flatten")),
                r.notes().toString());
        assertTrue(GraphScan.of(r.model()).ops().keySet().stream().noneMatch(op -> op.equals("Reshape")
                || op.equals("Flatten")), "the reshapes were folded");
        double d = relativeDifference(r.model(), m, floats("x", new long[] {1, 256}, 4));
        assertTrue(d < 0.01, "8-bit: relative difference " + d);
        QuantizeResult kept = QUANTIZER.quantize(m, o.withKeep(Set.of("P")), Map.of());
        assertEquals(List.of("Q_matrix"), kept.quantized().stream().map(TensorReport::name).toList(),
                "a weight kept by its own name stays as it was, Reshape and all");
    }

    @Test
    void embeddingTablesTakeTheirOwnBitsAndBlock() {
        Map<String, Value> ids = Map.of("ids", new LongTensor(new long[] {1, 5}, new long[] {3, 4095, 17, 3, 900}));
        ModelProto m = QuantTestModels.embeddingBag(4096, 32, 4);
        QuantizeResult r = checkAgainstReference(m, options(2, OutputFormat.NBITS, false, 0).withTables(8, 16), ids,
                EXACT);
        Map<String, List<Integer>> bitsAndBlock = new LinkedHashMap<>();
        r.quantized().forEach(t -> bitsAndBlock.put(t.name(), List.of(t.bits(), t.block())));
        assertEquals(Map.of("emb", List.of(8, 16), "W", List.of(2, 32)), bitsAndBlock,
                "the table at --table-bits/--table-block, the Gemm weight at --bits/--block");
        assertTrue(r.model().getMetadataPropsList().stream().anyMatch(p -> p.getKey().endsWith("table_block")
                && p.getValue().equals("16")));
        QuantizeResult plain = checkAgainstReference(m, options(2, OutputFormat.NBITS, false, 0).withTables(null, null),
                ids, EXACT);
        assertTrue(plain.quantized().stream().allMatch(t -> t.bits() == 2 && t.block() == 32), "no table options: "
                + "the table as every weight");
        QuantizeOptions planned = options(4, OutputFormat.NBITS, false, 0).withTables(8, 16)
                .withBitsByWeight(Map.of("emb", 2));
        assertEquals(List.of(2, 16), List.of(planned.specFor("emb", true).bits(), planned.specFor("emb", true).block()),
                "a plan's bits for a table keep the table's block");
    }

    @Test
    void keepListMinimumSizeAndReasons() {
        ModelProto m = QuantTestModels.gemms(96, 40, 10);
        QuantizeOptions o = QuantizeOptions.of(new QuantSpec(4, 32, QuantMethod.RTN, false)).withKeep(Set.of("B2",
                "nope"));
        QuantizeResult r = QUANTIZER.quantize(m, o, Map.of());
        assertEquals(List.of("B1"), r.quantized().stream().map(TensorReport::name).toList());
        assertEquals(List.of("nope"), r.unmatchedKeep());
        Map<String, String> reasons = new LinkedHashMap<>();
        r.skipped().forEach(s -> reasons.put(s.name(), s.reason()));
        assertTrue(reasons.get("B2").contains("--keep"), reasons.toString());
        assertTrue(reasons.get("C1").contains("input 2"), reasons.toString());
        QuantizeResult small = QUANTIZER.quantize(m, o.withKeep(Set.of()).withMinElements(1000), Map.of());
        assertEquals(List.of("B1"), small.quantized().stream().map(TensorReport::name).toList());
        assertTrue(small.skipped().stream().anyMatch(s -> s.name().equals("B2") && s.reason().contains("fewer than 1000")));
        assertTrue(QUANTIZER.quantize(QuantTestModels.nothingToQuantize(), o, Map.of()).quantized().isEmpty());
    }

    @Test
    void provenanceIsRecordedAndOtherMetadataKept() {
        ModelProto m = QuantTestModels.keywords().toBuilder().build();
        ModelProto bag = QuantTestModels.embeddingBag(4096, 32, 4).toBuilder().addAllMetadataProps(
                m.getMetadataPropsList()).build();
        QuantizeResult r = QUANTIZER.quantize(bag, QuantizeOptions.of(new QuantSpec(2, 128, QuantMethod.SEARCH, true)),
                Map.of("nanogrid.quantization.source_sha256", "abc"));
        Map<String, String> meta = new LinkedHashMap<>();
        r.model().getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        assertEquals("abc", meta.get("nanogrid.quantization.source_sha256"));
        assertEquals("2", meta.get("nanogrid.quantization.bits"));
        assertEquals("128", meta.get("nanogrid.quantization.block"));
        assertEquals("search", meta.get("nanogrid.quantization.method"));
        assertEquals("nbits", meta.get("nanogrid.quantization.format"));
        assertTrue(meta.containsKey("nanogrid.input") && meta.containsKey("nanogrid.output"), meta.toString());
    }

    @Test
    void qdqRefusesAModelWhoseOpsetCannotBeRaised() {
        GraphBuilder g = new GraphBuilder("old").opset("", 9);
        g.input("x", ElementType.FLOAT, 1, 64);
        g.floats("W", new long[] {64, 64}, QuantTestModels.gaussian(64 * 64, 1, 1f));
        g.node("MatMul", List.of("x", "W"), List.of("h"));
        g.node("Upsample", List.of("h", "h"), List.of("y"));
        g.output("y", ElementType.FLOAT, 1, 64);
        BadInputException e = assertThrows(BadInputException.class, () -> QUANTIZER.quantize(g.build(),
                options(4, OutputFormat.QDQ, false, 4), Map.of()));
        assertTrue(e.getMessage().contains("Upsample") && e.getMessage().contains("--format nbits"), e.getMessage());
    }
}
