package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.ProductCodebook;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import io.nanogrid.quantizer.rewrite.QuantizeResult;
import io.nanogrid.quantizer.rewrite.TensorReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Embedding tables as product-quantization codebooks (--table-codebook): ONNX Runtime's reading of the rewritten
 * graph must be exactly the codebook's centroids for the codes of the gathered rows, for indices of every rank.
 */
class CodebookTablesTest {
    private static final OrtRuntime ORT = new OrtRuntime();
    private static final ModelQuantizer QUANTIZER = new ModelQuantizer(new FastQuantizer());
    /** Tall enough for a codebook to take fewer bytes than 4-bit codes (at 24 values a row: from 4,097 rows). */
    private static final int ROWS = 6000;
    private static final int COLS = 24;

    /** rows = Gather(emb, ids) and y = rows W: a table and a matrix. */
    private static ModelProto model(Object... idsDims) {
        return table(true, idsDims);
    }

    /** rows = Gather(emb, ids), and with {@code matrix} y = rows W (MatMulNBits needs rows of rank 2 or more). */
    private static ModelProto table(boolean matrix, Object... idsDims) {
        return table(ROWS, matrix, idsDims);
    }

    private static ModelProto table(int rows, boolean matrix, Object... idsDims) {
        GraphBuilder g = new GraphBuilder("table").opset("", 17);
        g.input("ids", ElementType.INT64, idsDims);
        g.floats("emb", new long[] {rows, COLS}, QuantTestModels.gaussian(rows * COLS, 5, 1f));
        g.node("Gather", List.of("emb", "ids"), List.of("rows"), Map.of("axis", 0));
        g.output("rows", ElementType.FLOAT);
        if (matrix) {
            g.floats("W", new long[] {COLS, 32}, QuantTestModels.gaussian(COLS * 32, 6, 0.3f));
            g.node("MatMul", List.of("rows", "W"), List.of("y"));
            g.output("y", ElementType.FLOAT);
        }
        return g.build();
    }

    private static QuantizeOptions options(int sub) {
        return QuantizeOptions.of(new QuantSpec(4, 32, QuantMethod.SEARCH, false)).withMinElements(16)
                .withTableCodebook(sub);
    }

    @ParameterizedTest(name = "sub-vectors of {0}")
    @ValueSource(ints = {4, 6, 8})
    void gatheredRowsAreExactlyTheCentroidsOfTheirCodes(int sub) {
        long[] ids = {0, 999, 17, 3, 17, 500, 998};
        // ids of unknown rank (no MatMul after: ONNX Runtime's MatMulNBits refuses an input of unknown rank)
        ModelProto.Builder b = table(false, "n").toBuilder();
        b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().clearShape();
        // shapeLongs: the Reshape's shape [0.., cols] for a known rank, [cols] beside Shape(ids) for an unknown one
        record Case(ModelProto model, LongTensor ids, int shapeLongs) {
        }
        List<Case> cases = List.of(new Case(model("n"), new LongTensor(new long[] {7}, ids), 2),
                new Case(model(1, "n"), new LongTensor(new long[] {1, 7}, ids), 3),
                new Case(table(false), new LongTensor(new long[] {}, new long[] {42}), 1),
                new Case(b.build(), new LongTensor(new long[] {7, 1}, ids), 1));
        ProductCodebook independent = ProductCodebook.train(QuantTestModels.gaussian(ROWS * COLS, 5, 1f), ROWS, COLS,
                sub);
        for (Case c : cases) {
            QuantizeResult r = QUANTIZER.quantize(c.model(), options(sub), Map.of());
            ModelProto run = r.model();
            if (!c.model().getGraph().getInput(0).getType().getTensorType().hasShape()) {
                // rewritten for ids of unknown rank (Shape + Concat); declared [a, b] again for the engine's input check
                ModelProto.Builder declared = run.toBuilder();
                declared.getGraphBuilder().setInput(0, table(false, "a", "b").getGraph().getInput(0));
                run = declared.build();
            }
            Map<String, TensorProto> init = new HashMap<>();
            r.model().getGraph().getInitializerList().forEach(t -> init.put(t.getName(), t));
            TensorProto codes = init.get("emb_codes");
            TensorProto half = init.get("emb_codebook");
            assertEquals(ElementType.FLOAT16.code(), half.getDataType());
            float[] codebook = new float[half.getRawData().size() / 2];
            java.nio.ByteBuffer b16 = half.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < codebook.length; i++) {
                codebook[i] = io.nanogrid.quantizer.quant.Half.toFloat(b16.getShort());
            }
            assertArrayEquals(independent.codes(), codes.getRawData().toByteArray(), "deterministic codes");
            assertArrayEquals(independent.codebook(), codebook, "deterministic codebook");
            float[] got;
            try (Model m = ORT.load(run.toByteArray(), "codebook, ids " + java.util.Arrays.toString(
                    c.ids().shape()))) {
                Map<String, Value> out = m.run(Map.of("ids", c.ids()));
                got = ((FloatTensor) out.get("rows")).values();
                long[] shape = ((FloatTensor) out.get("rows")).shape();
                long[] want = java.util.stream.LongStream.concat(java.util.Arrays.stream(c.ids().shape()),
                        java.util.stream.LongStream.of(COLS)).toArray();
                assertArrayEquals(want, shape, "rows keep the ids' shape");
            }
            int m = COLS / sub;
            long[] idv = c.ids().values();
            float[] want = new float[idv.length * COLS];
            for (int i = 0; i < idv.length; i++) {
                for (int j = 0; j < m; j++) {
                    int code = codes.getRawData().byteAt((int) idv[i] * m + j) & 0xff;
                    System.arraycopy(codebook, (j * 256 + code) * sub, want, i * COLS + j * sub, sub);
                }
            }
            assertArrayEquals(want, got, "codebook[code], bit for bit");
            assertTrue(r.model().getOpsetImportList().stream().anyMatch(o -> o.getDomain().isEmpty()
                    && o.getVersion() == 17), "the opset is not raised for a codebook");
            TensorReport emb = r.quantized().stream().filter(t -> t.name().equals("emb")).findFirst().orElseThrow();
            long bytes = (long) ROWS * m + (long) m * 256 * sub * 2 + m * 4L + 8L * c.shapeLongs();
            assertEquals("codebook", emb.method());
            assertEquals(bytes, emb.bytesAfter(), "codes, codebook, offsets and the shape counted");
            assertEquals(bytes * 8.0 / (ROWS * COLS), emb.bitsPerWeight(), 1e-9);
            assertEquals(independent.rmse(), emb.rmse(), 1e-12);
        }
    }

    @Test
    void metadataSaysTheTablesAreCodebooksAndCountsTheirBytes() {
        QuantizeResult r = QUANTIZER.quantize(model("n"), options(6), Map.of());
        Map<String, String> meta = new HashMap<>();
        r.model().getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        assertEquals("mixed", meta.get("nanogrid.quantization.bits"));
        assertEquals("search+codebook", meta.get("nanogrid.quantization.method"));
        assertEquals("6", meta.get("nanogrid.quantization.table_codebook"));
        assertEquals("emb=codebook6,W=4", meta.get("nanogrid.quantization.bits_by_tensor"));
        long bytes = r.quantized().stream().mapToLong(TensorReport::bytesAfter).sum();
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", bytes * 8.0 / (ROWS * COLS + COLS * 32)),
                meta.get("nanogrid.quantization.bits_per_weight"));
    }

    @Test
    void aTableTooShortForItsCodebookToPayKeepsBlockCodes() {
        // 2,000 rows: codes and codebook 2000 * 6 + 6 * 256 * 4 * 2 = 24,288 bytes, 4-bit codes alone 24,000
        QuantizeResult r = QUANTIZER.quantize(table(2000, true, "n"), options(4), Map.of());
        TensorReport emb = r.quantized().stream().filter(t -> t.name().equals("emb")).findFirst().orElseThrow();
        assertEquals(4, emb.bits(), emb.toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("emb keeps block codes")), r.notes().toString());
        // 2,100 rows: 24,888 against 25,200
        QuantizeResult tall = QUANTIZER.quantize(table(2100, true, "n"), options(4), Map.of());
        assertEquals("codebook", tall.quantized().stream().filter(t -> t.name().equals("emb")).findFirst()
                .orElseThrow().method());
    }

    @Test
    void aSubVectorThatDoesNotDivideTheRowIsRefusedAndTablesOrBitsNotBoth() {
        BadInputException e = assertThrows(BadInputException.class, () -> QUANTIZER.quantize(model("n"), options(5),
                Map.of()));
        assertTrue(e.getMessage().contains("emb") && e.getMessage().contains("rows of 24 values"), e.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> options(4).withTables(8,
                null));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options(17));
        assertThrows(IllegalArgumentException.class, () -> options(0));
    }
}
