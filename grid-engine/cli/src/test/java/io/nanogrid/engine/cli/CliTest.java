package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.nanogrid.engine.data.BinaryDatasetsTest;
import io.nanogrid.engine.data.Idx;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.runtime.TestGridsAccess;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private static void assertBadInput(CliRun r, String... fragments) {
        assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
        String line = r.err().strip().lines().findFirst().orElse("");
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertTrue(line.startsWith("nanogrid: "), r.toString());
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' in: " + line);
        }
    }

    @Test
    void helpListsTheCommands() {
        CliRun r = CliRun.of("help");
        assertEquals(0, r.exit());
        for (String c : List.of("inspect", "run", "eval", "bench")) {
            assertTrue(r.out().contains(c), r.out());
        }
        assertBadInput(CliRun.of("inspect", "--no-such-option", "x.onnx"), "unknown option '--no-such-option'");
        assertEquals(Cli.BAD_INPUT, CliRun.of("frobnicate").exit());
    }

    @Test
    void anUnknownCommandIsNamedWithTheClosestOnes() {
        CliRun typo = CliRun.of("evaluate", "model.onnx");
        assertBadInput(typo, "unknown command 'evaluate'; did you mean 'eval'?");
        assertEquals(List.of("nanogrid: unknown command 'evaluate'; did you mean 'eval'?",
                "Try 'nanogrid --help' for usage."), typo.err().strip().lines().toList());
        assertBadInput(CliRun.of("router", "trian", "grid.json"), "unknown command 'router trian'; did you mean "
                + "'router train'?");
        assertBadInput(CliRun.of("exprot", "grid.json"), "unknown command 'exprot'; did you mean 'export'?");
        CliRun nothingNear = CliRun.of("frobnicate");
        assertBadInput(nothingNear, "unknown command 'frobnicate'");
        assertFalse(nothingNear.err().contains("did you mean"), nothingNear.err());
        assertBadInput(CliRun.of("inspect", "a.onnx", "b.onnx"), "Unmatched argument");
    }

    /** The synopsis names what must be given; the options are listed below it. */
    @Test
    void usageLinesNameTheRequiredOptionsAndParameters() {
        assertEquals("Usage: nanogrid plan --budget=BYTES [OPTIONS] GRID",
                CliRun.of("plan", "--help").out().lines().findFirst().orElse(""));
        assertEquals(List.of("Usage: nanogrid run (--text | --image | --tensor | --input | --audio) [OPTIONS]",
                "                    GRID"), CliRun.of("run", "--help").out().lines().limit(2).toList());
        assertEquals("Usage: nanogrid router [OPTIONS] [COMMAND]",
                CliRun.of("router", "--help").out().lines().findFirst().orElse(""));
    }

    @Test
    void anUnknownOptionIsNamedWithTheClosestOnes() {
        CliRun typo = CliRun.of("eval", "model.onnx", "--jsn");
        assertBadInput(typo, "unknown option '--jsn'; did you mean '--json'?");
        assertTrue(typo.err().contains("Try 'nanogrid eval --help' for usage."), typo.err());
        assertBadInput(CliRun.of("plan", "grid.json", "--budget", "8MB", "--latnecy=60us"), "unknown option "
                + "'--latnecy'; did you mean '--latency'?");
        CliRun nothingNear = CliRun.of("inspect", "a.onnx", "--frobnicate");
        assertBadInput(nothingNear, "unknown option '--frobnicate'");
        assertFalse(nothingNear.err().contains("did you mean"), nothingNear.err());
    }

    @Test
    void inspectsTheRealUserModel() {
        Path model = SharedData.require("models/cnn_mnist.onnx");
        CliRun r = CliRun.of("inspect", model.toString(), "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        for (String key : List.of("inputs", "outputs", "irVersion", "producer", "opsets", "ops", "parameters",
                "weightBytes", "metadata")) {
            assertTrue(j.has(key), key);
        }
        JsonObject in = j.getAsJsonArray("inputs").get(0).getAsJsonObject();
        assertEquals("input_image", in.get("name").getAsString());
        assertEquals("float", in.get("type").getAsString());
        assertEquals("[\"batch\",1,28,28]", in.get("shape").toString());
        assertEquals("output_probs", j.getAsJsonArray("outputs").get(0).getAsJsonObject().get("name").getAsString());
        assertEquals(9, j.getAsJsonObject("opsets").get("ai.onnx").getAsInt());
        assertEquals(2, j.getAsJsonObject("ops").get("Conv").getAsInt());
        assertEquals(21_842, j.get("parameters").getAsLong());
        assertEquals(4, j.get("irVersion").getAsInt());
    }

    @Test
    void evaluatesTheRealUserModelOnMnist() {
        Path images = SharedData.require("images/mnist/t10k-images-idx3-ubyte.gz");
        Path labels = SharedData.require("images/mnist/t10k-labels-idx1-ubyte");
        Path model = SharedData.require("models/cnn_mnist.onnx");
        CliRun r = CliRun.of("eval", model.toString(), "--images", images.toString(), "--labels", labels.toString(),
                "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        assertEquals(10_000, j.get("n").getAsInt());
        double accuracy = j.get("accuracy").getAsDouble();
        assertTrue(accuracy > 0.985 && accuracy < 0.995, "about 0.99: " + accuracy);
        assertTrue(j.get("macroF1").getAsDouble() > 0.98);
        assertEquals(10, j.getAsJsonArray("labels").size());
        assertEquals(10, j.getAsJsonArray("confusion").size());
    }

    @Test
    void badModelFilesExitWithTwoAndOnePlainLine() throws Exception {
        assertBadInput(CliRun.of("inspect", dir.resolve("missing.onnx").toString()), "missing.onnx", "not found");
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertBadInput(CliRun.of("inspect", empty.toString()), "empty.onnx", "empty");
        byte[] good = TestModels.keywordClassifier(List.of("a", "b"), Map.of()).toByteArray();
        Path truncated = Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(good, good.length / 3));
        assertBadInput(CliRun.of("inspect", truncated.toString()), "truncated.onnx");
        assertBadInput(CliRun.of("run", truncated.toString(), "--text", "hi"), "truncated.onnx");
        byte[] noise = new byte[2048];
        new Random(1).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.onnx"), noise);
        assertBadInput(CliRun.of("eval", random.toString(), "--data", random.toString()));
        assertBadInput(CliRun.of("run", random.toString(), "--text", "hi"), "random.onnx");

        GraphBuilder g = new GraphBuilder("bad").opset("com.example", 1);
        g.input("x", ElementType.FLOAT, 1, 2);
        g.node("com.example", "Mystery", List.of("x"), List.of("y"), Map.of());
        g.output("y", ElementType.FLOAT, 1, 2);
        Path unknown = TestModels.write(g.build(), dir.resolve("mystery.onnx"));
        CliRun r = CliRun.of("inspect", unknown.toString());
        assertEquals(Cli.BAD_INPUT, r.exit());
        assertTrue(r.out().contains("com.example.Mystery 1"), "the report is still shown: " + r.out());
        assertTrue(r.err().contains("mystery.onnx") && r.err().contains("Mystery"), r.err());
    }

    @Test
    void aRequestThatDoesNotFitTheModelExitsWithTwo() throws Exception {
        Path model = SharedData.require("models/cnn_mnist.onnx");
        byte[] npy = BinaryDatasetsTest.npy("<f4", new long[] {1, 784}, new byte[784 * 4]);
        Path flat = Files.write(dir.resolve("flat.npy"), npy);
        CliRun r = CliRun.of("run", model.toString(), "--tensor", flat.toString());
        assertBadInput(r, "input_image", "expects shape float [batch, 1, 28, 28], got [1, 784]");
        assertBadInput(CliRun.of("run", model.toString(), "--text", "a digit?"), "takes an image, not a text");
    }

    @Test
    void classifiesPngDigitsGreyOrRgbAtAnySize() throws Exception {
        Path model = SharedData.require("models/cnn_mnist.onnx");
        var images = Idx.images(SharedData.require("images/mnist/t10k-images-idx3-ubyte.gz"), 3);
        int[] labels = Idx.labels(SharedData.require("images/mnist/t10k-labels-idx1-ubyte"), 3);
        for (int i = 0; i < 3; i++) {
            var img = images.get(i);
            var grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            var rgb = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = (int) img.pixels()[y * 28 + x];
                    grey.getRaster().setSample(x, y, 0, v);
                    for (int d = 0; d < 4; d++) {
                        rgb.setRGB(2 * x + d % 2, 2 * y + d / 2, (v << 16) | (v << 8) | v);
                    }
                }
            }
            for (var picture : List.of(grey, rgb)) {
                Path png = dir.resolve("digit.png");
                ImageIO.write(picture, "png", png.toFile());
                CliRun r = CliRun.of("run", model.toString(), "--image", png.toString(), "--json");
                assertEquals(0, r.exit(), r.toString());
                assertEquals(Integer.toString(labels[i]), r.json().getAsJsonObject("result").get("label").getAsString(),
                        picture.getWidth() + "px image " + i);
            }
        }
        Path notImage = Files.writeString(dir.resolve("not.png"), "hello");
        assertBadInput(CliRun.of("run", model.toString(), "--image", notImage.toString()), "not.png",
                "not a PNG, JPEG");
    }

    @Test
    void aMalformedDataLineIsReportedWithItsNumber() throws Exception {
        Path model = TestModels.write(TestModels.keywordClassifier(List.of("a", "b"), Map.of("a", List.of("x"))),
                dir.resolve("k.onnx"));
        Path data = Files.writeString(dir.resolve("d.tsv"), "text\tlabel\nx\ta\ny\tb\tz\n");
        assertBadInput(CliRun.of("eval", model.toString(), "--data", data.toString()), "d.tsv line 3",
                "--skip-bad");
        CliRun skipped = CliRun.of("eval", model.toString(), "--data", data.toString(), "--skip-bad", "--json");
        assertEquals(0, skipped.exit(), skipped.toString());
        assertEquals(1, skipped.json().get("n").getAsInt());
        assertEquals(1, skipped.json().getAsJsonArray("skipped").size());
    }

    @Test
    void runsAGridAndPrintsTheResponse() {
        var spec = TestGridsAccess.threeModels(dir);
        Path grid = dir.resolve("grid.json");
        GridFiles.write(spec, grid);
        CliRun r = CliRun.of("run", grid.toString(), "--text", "will it rain tomorrow", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        for (String key : List.of("route", "confidence", "result", "timings", "degraded", "error")) {
            assertTrue(j.has(key), key + " in " + r.out());
        }
        assertEquals("weather", j.get("route").getAsString());
        assertEquals("rainy", j.getAsJsonObject("result").get("label").getAsString());
        assertFalse(j.get("degraded").getAsBoolean());
        assertTrue(j.get("error").isJsonNull());
        assertTrue(j.getAsJsonObject("timings").get("total").getAsDouble() > 0);

        CliRun text = CliRun.of("run", grid.toString(), "--text", "hello");
        assertTrue(text.out().contains("answer      hello"), text.out());
    }

    @Test
    void verboseShowsTheStackTrace() {
        CliRun r = CliRun.of("inspect", dir.resolve("nope.onnx").toString(), "--verbose");
        assertEquals(Cli.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("at io.nanogrid"), r.err());
    }
}
