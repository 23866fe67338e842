package io.nanogrid.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.nanogrid.engine.cli.CliRun;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.onnx.ExternalData;
import io.nanogrid.onnx.OnnxModels;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizeCommandTest {
    @TempDir
    Path dir;

    private Path bag() {
        Path p = dir.resolve("bag.onnx");
        OnnxModels.write(QuantTestModels.embeddingBag(4096, 32, 4), p);
        return p;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void quantizesAndReportsEveryTensorWithMeasuredBytes() {
        Path in = bag();
        Path out = dir.resolve("bag4.onnx");
        CliRun r = CliRun.of("quantize", in.toString(), "-o", out.toString(), "--bits", "4", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        assertEquals(4, j.get("bits").getAsInt());
        assertEquals(1, j.getAsJsonArray("tensors").size(), "the table; the Gemm's 128 weights are too few");
        assertTrue(j.getAsJsonArray("skipped").toString().contains("fewer than 256 values"), j.toString());
        JsonObject emb = j.getAsJsonArray("tensors").get(0).getAsJsonObject();
        assertEquals("emb", emb.get("name").getAsString());
        // codes, a float scale and a zero point per row of 32; the zero points of a row fill whole bytes
        assertEquals(4 + (32.0 + 8) / 32, emb.get("bitsPerWeight").getAsDouble(), 1e-3, "(and a few bytes of constants)");
        assertTrue(emb.get("rmse").getAsDouble() < 0.08, emb.toString());
        assertTrue(j.get("outputFileBytes").getAsLong() * 4 < j.get("inputFileBytes").getAsLong(), j.toString());
        long residentIn = j.get("inputResidentBytes").getAsLong();
        long residentOut = j.get("outputResidentBytes").getAsLong();
        // a 512 KB table: the session's own few hundred KB keep the ratio below the weights' 6x
        assertTrue(residentOut > 0 && residentIn > 2 * residentOut, residentIn + " vs " + residentOut);
        assertEquals(64, j.get("sourceSha256").getAsString().length());
    }

    /** Rows of 32 values cannot carry blocks of 64: the report says which block was used, and why. */
    @Test
    void aBlockLongerThanTheRowsIsShortenedAndSaysWhy() {
        Path in = bag();
        CliRun r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("b64.onnx").toString(), "--bits", "4",
                "--block", "64", "--json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(32, r.json().get("block").getAsInt());
        assertTrue(r.json().getAsJsonArray("notes").toString().contains("block 32, not the 64 asked"), r.toString());

        r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("b32.onnx").toString(), "--bits", "4", "--json");
        assertEquals(32, r.json().get("block").getAsInt());
        assertFalse(r.json().getAsJsonArray("notes").toString().contains("asked"), r.toString());
    }

    /** The output is written under a temporary (owner-only) name and renamed: it must not stay owner-only. */
    @Test
    void theOutputGetsUsualPermissionsOrKeepsThoseOfTheFileItReplaces() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path in = bag();
        Path out = dir.resolve("bag8.onnx");
        assertEquals(0, CliRun.of("quantize", in.toString(), "-o", out.toString(), "--bits", "8", "--no-resident")
                .exit());
        // like any new file here (rw-r--r-- with the usual umask 022), not the temp file's owner-only 0600
        String usual = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve(
                "new-file"))));
        Files.delete(dir.resolve("new-file"));
        assertEquals(usual, PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, CliRun.of("quantize", in.toString(), "-o", out.toString(), "--bits", "4", "--no-resident")
                .exit());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void badInputIsRefusedWithOneLineAndNothingWritten() throws IOException {
        Path in = bag();
        Path notOnnx = Files.writeString(dir.resolve("notes.onnx"), "these are not the weights you are looking for");
        CliRun r = CliRun.of("quantize", notOnnx.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("notes.onnx") && r.err().contains("not a valid ONNX file"), r.err());

        r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "3");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--bits 3: expected 8, 4 or 2"), r.err());

        r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4", "--block", "48");
        assertEquals(2, r.exit(), r.toString());

        byte[] before = Files.readAllBytes(in);
        r = CliRun.of("quantize", in.toString(), "-o", in.toString(), "--bits", "4");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--force"), r.err());
        assertArrayEquals(before, Files.readAllBytes(in), "the input is untouched");

        r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4", "--keep", "fc9");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--keep fc9"), r.err());
        r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4",
                "--table-bits", "3");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--table-bits 3: expected 8, 4 or 2"), r.err());
        r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4",
                "--table-block", "48");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--table-block 48"), r.err());
        r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4",
                "--table-bits", "8", "--calibration", in.toString(), "--target-bpw", "4");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--table-bits and --target-bpw"), r.err());
        r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4",
                "--table-codebook", "4", "--calibration", in.toString(), "--target-bpw", "3");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--table-codebook and --target-bpw"), r.err());
        Path folder = Files.createDirectories(dir.resolve("out"));
        r = CliRun.of("quantize", in.toString(), "-o", folder.toString(), "--bits", "4");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("is a folder"), r.err());
        Files.delete(folder);
        assertEquals(List.of("bag.onnx", "notes.onnx"), files());

        r = CliRun.of("quantize", in.toString(), "-o", in.toString(), "--bits", "8", "--force", "--no-resident");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.size(in) < before.length / 3);
    }

    @Test
    void tableCodebookWritesACodebookOrRefusesWithNothingWritten() throws IOException {
        Path in = bag();
        Path out = dir.resolve("pq.onnx");
        for (String[] bad : new String[][] {{"0"}, {"17"}, {"four"}, {"5"}, {"8", "--table-bits", "4"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("quantize", in.toString(), "-o", out.toString(),
                    "--bits", "4", "--table-codebook"));
            args.addAll(List.of(bad));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("--table-codebook"), r.err());
            assertEquals(List.of("bag.onnx"), files(), "nothing written for " + List.of(bad));
        }
        CliRun five = CliRun.of("quantize", in.toString(), "-o", out.toString(), "--bits", "4", "--table-codebook", "5");
        assertTrue(five.err().contains("embedding table emb has rows of 32 values"), five.err());
        // 4,096 rows of 32: codes 16 KB and codebook 16 KB against 64 KB of 4-bit codes alone
        CliRun r = CliRun.of("quantize", in.toString(), "-o", out.toString(), "--bits", "4", "--table-codebook", "8",
                "--json", "--no-resident");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        assertEquals("search+codebook", j.get("method").getAsString());
        JsonObject emb = j.getAsJsonArray("tensors").get(0).getAsJsonObject();
        assertEquals("codebook", emb.get("method").getAsString());
        assertEquals((4096 * 4 + 4 * 256 * 8 * 2 + 4 * 4 + 3 * 8) * 8.0 / (4096 * 32),
                emb.get("bitsPerWeight").getAsDouble(), 1e-9, "codes, codebook, offsets and the Reshape's shape");
        CliRun text = CliRun.of("quantize", in.toString(), "-o", out.toString(), "--bits", "4", "--table-codebook", "8",
                "--no-resident");
        assertTrue(text.out().contains("4-bit, codebook tables") && text.out().contains("Gather codebook uint8/8"),
                text.out());

        // a model with no table: its weights are quantized as asked, and the output says the option found none
        Path gemms = dir.resolve("gemms.onnx");
        OnnxModels.write(QuantTestModels.gemms(256, 64, 8), gemms);
        CliRun none = CliRun.of("quantize", gemms.toString(), "-o", dir.resolve("gemms-q4.onnx").toString(), "--bits",
                "4", "--table-codebook", "8", "--no-resident");
        assertEquals(0, none.exit(), none.toString());
        assertTrue(none.out().contains("--table-codebook 8: no table became a codebook"), none.out());
    }

    @Test
    void anInputOnnxRuntimeRefusesOrWithInitializersThatDoNotFitTheirShapesIsNotQuantized() throws IOException {
        ModelProto bag = QuantTestModels.embeddingBag(4096, 32, 4);
        // the embedding table's bytes cut short: its shape [4096, 32] needs 524,288 bytes
        ModelProto cut = withInitializer(bag, 0, t -> t.toBuilder().setRawData(t.getRawData().substring(0, 1000))
                .build());
        Path cutFile = dir.resolve("cut.onnx");
        Files.write(cutFile, cut.toByteArray());
        CliRun r = CliRun.of("quantize", cutFile.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4");
        assertEquals(2, r.exit(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.err().contains("cannot load " + cutFile), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());

        // a shape that ONNX Runtime cannot check (a weight no node uses, left out of the graph's checks) is
        // still checked against its bytes before anything is read from them
        ModelProto unused = bag.toBuilder().setGraph(bag.getGraph().toBuilder().addInitializer(
                TensorProto.newBuilder().setName("unused").setDataType(1).addDims(64).addDims(64)
                        .setRawData(ByteString.copyFrom(new byte[100])))).build();
        Path unusedFile = dir.resolve("unused.onnx");
        Files.write(unusedFile, unused.toByteArray());
        r = CliRun.of("quantize", unusedFile.toString(), "-o", dir.resolve("x.onnx").toString(), "--bits", "4");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot load " + unusedFile + ": initializer 'unused' (float [64, 64]) needs 16384 "
                + "bytes, holds 100"),
                r.err());
        assertFalse(Files.exists(dir.resolve("x.onnx")), "nothing written");
    }

    private static ModelProto withInitializer(ModelProto m, int index, UnaryOperator<TensorProto> change) {
        var g = m.getGraph().toBuilder();
        g.setInitializer(index, change.apply(g.getInitializer(index)));
        return m.toBuilder().setGraph(g).build();
    }

    @Test
    void aModelWithNothingToQuantizeSaysSoAndExitsOne() throws IOException {
        Path in = dir.resolve("add.onnx");
        OnnxModels.write(QuantTestModels.nothingToQuantize(), in);
        CliRun r = CliRun.of("quantize", in.toString(), "-o", dir.resolve("out.onnx").toString(), "--bits", "4");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("nothing to quantize in") && r.err().contains("add.onnx"), r.err());
        assertFalse(Files.exists(dir.resolve("out.onnx")));
    }

    @Test
    void anErrorMidWriteLeavesTheOldOutputAndNoTemporaryFile() throws IOException {
        Path in = bag();
        Path out = dir.resolve("out.onnx");
        byte[] old = "an earlier output".getBytes();
        Files.write(out, old);
        QuantizeService failing = new QuantizeService(new OrtRuntime(), new ModelQuantizer(new FastQuantizer()),
                (model, file) -> {
                    try {
                        Files.write(file, Arrays.copyOf(model.toByteArray(), 100));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    throw new IllegalStateException("disk full");
                });
        QuantizeOptions o = QuantizeOptions.of(new QuantSpec(4, 32, QuantMethod.RTN, false));
        assertThrows(IllegalStateException.class, () -> failing.quantize(in, out, o, false, false, Progress.NONE));
        assertArrayEquals(old, Files.readAllBytes(out));
        assertEquals(List.of("bag.onnx", "out.onnx"), files());
    }

    @Test
    void externalDataIsReadAndWritten() throws IOException {
        ModelProto withData = ExternalData.save(QuantTestModels.embeddingBag(4096, 32, 4), dir.resolve("ext.onnx"),
                1024, new Path[1]);
        OnnxModels.write(withData, dir.resolve("ext.onnx"));
        assertTrue(ExternalData.uses(OnnxModels.read(dir.resolve("ext.onnx"))));
        Path out = dir.resolve("ext4.onnx");
        QuantizeService.Outcome o = new QuantizeService(new OrtRuntime(), new ModelQuantizer(new FastQuantizer()))
                .quantize(dir.resolve("ext.onnx"), out, QuantizeOptions.of(new QuantSpec(4, 32, QuantMethod.SEARCH,
                        false)), false, false, Progress.NONE);
        assertTrue(o.report().externalData() != null && Files.exists(Path.of(o.report().externalData())));
        assertTrue(ExternalData.uses(OnnxModels.read(out)), "the output keeps its weights in external data");
        try (Model m = new OrtRuntime().load(out)) {
            m.run(Map.of("ids", new LongTensor(new long[] {1, 2}, new long[] {1, 2})));
        }
        // quantizing again over the same output replaces its data file instead of piling them up
        new QuantizeService(new OrtRuntime(), new ModelQuantizer(new FastQuantizer())).quantize(dir.resolve("ext.onnx"),
                out, QuantizeOptions.of(new QuantSpec(8, 32, QuantMethod.RTN, false)), false, false, Progress.NONE);
        assertEquals(1, files().stream().filter(f -> f.startsWith("ext4.onnx.") && f.endsWith(".data")).count(),
                files().toString());
    }

    @Test
    void theRealCnnKeepsItsAccuracyAtEightAndFourBits() {
        Path cnn = SharedData.require("models/cnn_mnist.onnx");
        Path images = SharedData.require("images/mnist/t10k-images-idx3-ubyte.gz");
        Path labels = SharedData.require("images/mnist/t10k-labels-idx1-ubyte");
        for (String bits : List.of("8", "4", "2")) {
            Path out = dir.resolve("cnn" + bits + ".onnx");
            CliRun q = CliRun.of("quantize", cnn.toString(), "-o", out.toString(), "--bits", bits, "--no-resident");
            assertEquals(0, q.exit(), q.toString());
            CliRun e = CliRun.of("eval", out.toString(), "--images", images.toString(), "--labels", labels.toString(),
                    "--limit", "2000", "--json");
            double accuracy = e.json().get("accuracy").getAsDouble();
            double floor = bits.equals("2") ? 0.93 : 0.985;
            assertTrue(accuracy >= floor, bits + "-bit accuracy " + accuracy);
        }
    }
}
