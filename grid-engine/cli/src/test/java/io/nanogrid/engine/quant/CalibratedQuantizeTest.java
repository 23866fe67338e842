package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.nanogrid.engine.cli.CliRun;
import io.nanogrid.engine.testing.NpyFiles;
import io.nanogrid.onnx.OnnxModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quantize --calibration and --target-bpw on a real ONNX Runtime session: the codes of a calibrated
 * MatMul leave a smaller output error on the calibration data than the plain ones, the model records
 * how it was made, a mix meets its average, and bad input is refused in one line with nothing written.
 */
class CalibratedQuantizeTest {
    @TempDir
    Path dir;

    private Path model() {
        Path p = dir.resolve("mm.onnx");
        OnnxModels.write(QuantTestModels.matMul(128, 64), p);
        return p;
    }

    /**
     * Inputs that are strongly correlated, as a layer inside a network sees: 16 latent factors mixed into
     * 128 features (the same mixing for every file) plus a little noise of their own.
     */
    private Path calibration() throws IOException {
        return inputs("cal.npy", 5);
    }

    private Path inputs(String name, long seed) throws IOException {
        int n = 300;
        float[] mix = QuantTestModels.gaussian(16 * 128, 99, 1f);
        float[] z = QuantTestModels.gaussian(n * 16, seed, 1f);
        float[] noise = QuantTestModels.gaussian(n * 128, seed + 1000, 0.1f);
        float[] x = new float[n * 128];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 128; c++) {
                float v = noise[r * 128 + c];
                for (int f = 0; f < 16; f++) {
                    v += z[r * 16 + f] * mix[f * 128 + c];
                }
                x[r * 128 + c] = v;
            }
        }
        return NpyFiles.floats(dir.resolve(name), new long[] {n, 128}, x);
    }

    private static Map<String, String> metadata(Path p) {
        ModelProto m = OnnxModels.read(p);
        return m.getMetadataPropsList().stream().collect(Collectors.toMap(StringStringEntryProto::getKey,
                StringStringEntryProto::getValue));
    }

    @Test
    void calibratedCodesLeaveASmallerOutputErrorAndSaySo() throws IOException {
        Path in = model();
        Path cal = calibration();
        // more rows than the layer has inputs: fewer, and the codes fit the calibration rows rather than the layer
        CliRun r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("gptq.onnx").toString(), "--bits", "2",
                "--calibration", cal.toString(), "--calibration-limit", "300", "--no-resident", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        assertEquals("gptq+search", j.get("method").getAsString());
        assertEquals("cal.npy", j.get("calibration").getAsString());
        assertEquals(300, j.get("calibrationExamples").getAsInt());
        JsonObject t = j.getAsJsonArray("tensors").get(0).getAsJsonObject();
        double calibrated = t.get("outputError").getAsDouble();
        Map<String, String> meta = metadata(dir.resolve("gptq.onnx"));
        assertEquals("gptq+search", meta.get("nanogrid.quantization.method"));
        assertEquals("cal.npy", meta.get("nanogrid.quantization.calibration"));
        assertEquals("2", meta.get("nanogrid.quantization.bits"));

        // the same weight without calibration, measured on the same data: the layer's output moved more
        CliRun plain = CliRun.of("quantize", in.toString(), "-o", dir.resolve("plain.onnx").toString(), "--bits", "2",
                "--no-resident", "--json");
        assertEquals(0, plain.exit(), plain.toString());
        assertEquals("search", metadata(dir.resolve("plain.onnx")).get("nanogrid.quantization.method"));
        assertEquals(calibrated, QuantizeServiceProbe.outputError(in, dir.resolve("gptq.onnx"), cal), 0.01,
                "the reported output error is the one ONNX Runtime shows on the calibration data");
        Path heldOut = inputs("held-out.npy", 6);
        double plainError = QuantizeServiceProbe.outputError(in, dir.resolve("plain.onnx"), heldOut);
        double gptqError = QuantizeServiceProbe.outputError(in, dir.resolve("gptq.onnx"), heldOut);
        assertTrue(gptqError < 0.9 * plainError, "held-out rows: plain " + plainError + ", calibrated " + gptqError);
    }

    @Test
    void aTargetBitsPerWeightPicksBitsPerWeightAndPrintsTheSensitivity() throws IOException {
        Path in = dir.resolve("gemms.onnx");
        OnnxModels.write(QuantTestModels.gemms(256, 128, 64), in);
        float[] x = QuantTestModels.gaussian(64 * 256, 3, 1f);
        Path cal = NpyFiles.floats(dir.resolve("x.npy"), new long[] {64, 256}, x);
        CliRun r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("mix.onnx").toString(), "--bits", "4",
                "--calibration", cal.toString(), "--target-bpw", "4", "--no-resident");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("sensitivity relative output error") && r.out().contains("B1")
                && r.out().contains("planned"), r.out());
        Map<String, String> meta = metadata(dir.resolve("mix.onnx"));
        double bpw = Double.parseDouble(meta.get("nanogrid.quantization.bits_per_weight"));
        assertTrue(bpw <= 4.0, meta.toString());
        assertEquals("mixed", meta.get("nanogrid.quantization.bits"), meta.toString());
        assertTrue(meta.get("nanogrid.quantization.bits_by_tensor").matches("B1=\\d,B2=\\d"), meta.toString());

        CliRun j = CliRun.of("quantize", in.toString(), "-o", dir.resolve("mix2.onnx").toString(), "--bits", "4",
                "--calibration", cal.toString(), "--target-bpw", "3.5", "--no-resident", "--json");
        assertEquals(0, j.exit(), j.toString());
        JsonObject s = j.json().getAsJsonObject("sensitivity");
        assertEquals(2, s.getAsJsonArray("rows").size());
        for (JsonElement row : s.getAsJsonArray("rows")) {
            JsonObject e = row.getAsJsonObject().getAsJsonObject("error");
            assertTrue(e.get("2").getAsDouble() > e.get("4").getAsDouble()
                    && e.get("4").getAsDouble() > e.get("8").getAsDouble(), e.toString());
        }
        assertNotNull(j.json().get("predictedError"));
    }

    /** An embedding table's rows read by the calibration data are counted (what a codebook is weighted by). */
    @Test
    void theRowsCalibrationReadsOfATableAreCounted() throws IOException {
        // ids computed inside the model (Cast of a float input): recorded as an extra int64 output
        io.nanogrid.onnx.GraphBuilder g = new io.nanogrid.onnx.GraphBuilder("cast").opset("", 17);
        g.input("x", io.nanogrid.onnx.ElementType.FLOAT, 1, 5);
        g.floats("emb", new long[] {4096, 32}, QuantTestModels.gaussian(4096 * 32, 1, 1f));
        g.node("Cast", java.util.List.of("x"), java.util.List.of("ids"), Map.of("to", 7));
        g.node("Gather", java.util.List.of("emb", "ids"), java.util.List.of("rows"), Map.of("axis", 0));
        g.output("rows", io.nanogrid.onnx.ElementType.FLOAT, 1, 5, 32);
        ModelProto bag = g.build();
        float[] ids = {7, 7, 4095, 0, 7, 12, 12, 7, 300, 7};
        Path npy = NpyFiles.floats(dir.resolve("ids.npy"), new long[] {2, 5}, ids);
        io.nanogrid.quantizer.rewrite.Calibration c = new Calibrator(new io.nanogrid.engine.ort.OrtRuntime()).record(
                bag, "bag", null, dir, CalibrationData.read(npy, 10), io.nanogrid.engine.task.Progress.NONE);
        long[] rows = c.rowsRead("emb", 4096);
        assertNotNull(rows, c.rowCounts().keySet().toString());
        assertEquals(5, rows[7]);
        assertEquals(2, rows[12]);
        assertEquals(1, rows[4095] + rows[0] - rows[300]);
        assertEquals(10, java.util.Arrays.stream(rows).sum());
    }

    @Test
    void dataOfTheWrongKindIsRefusedEvenWhenNothingIsCalibrated() throws IOException {
        // only an embedding table: no MatMul/Gemm input to record, but the data is still checked
        Path in = dir.resolve("bag_mean.onnx");
        OnnxModels.write(QuantTestModels.bagMean(512, 16, false), in);
        Path image = dir.resolve("digit.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", image.toFile());
        Path out = dir.resolve("out.onnx");
        CliRun r = CliRun.of("quantize", in.toString(), "-o", out.toString(), "--bits", "4", "--calibration",
                image.toString(), "--no-resident");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--calibration " + image + " holds images: this model takes "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badInputIsRefusedInOneLineAndNothingIsWritten() throws IOException {
        Path in = model();
        Path out = dir.resolve("out.onnx");
        Path text = Files.writeString(dir.resolve("texts.txt"), "a sentence\nanother one\n");
        Path cal = calibration();
        Path narrow = NpyFiles.floats(dir.resolve("narrow.npy"), new long[] {3, 7}, new float[21]);
        String[][] cases = {
            {"--calibration", text.toString(), "texts.txt holds text: this model takes"},
            {"--calibration", narrow.toString(), "narrow.npy holds tensors this model cannot take: "},
            {"--calibration", cal.toString(), "--target-bpw", "1.5", "--target-bpw 1.5: expected a number of bits "
                + "per weight from 2 to 8"},
            {"--calibration", cal.toString(), "--target-bpw", "9", "--target-bpw 9.0: expected"},
            {"--target-bpw", "4", "--target-bpw needs --calibration DATA"},
            {"--calibration", dir.resolve("missing.txt").toString(), "--calibration " + dir.resolve("missing.txt")
                + ": no such file"},
            {"--calibration", cal.toString(), "--block", "128", "--target-bpw", "2",
                "--target-bpw 2: these weights take at least"},
            {"--format", "dynamic", "--format dynamic quantizes weights to int8 per channel: give --bits 8, not 4"},
        };
        for (String[] c : cases) {
            String[] args = Stream.concat(Stream.of("quantize", in.toString(), "-o", out.toString(), "--bits", "4",
                    "--no-resident"), Stream.of(c).limit(c.length - 1)).toArray(String[]::new);
            CliRun r = CliRun.of(args);
            assertEquals(2, r.exit(), String.join(" ", args) + "\n" + r);
            assertTrue(r.err().contains(c[c.length - 1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", c));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        }
    }
}
