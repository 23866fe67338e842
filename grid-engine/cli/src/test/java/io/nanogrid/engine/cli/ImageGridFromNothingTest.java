package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.nanogrid.engine.serve.GridServer;
import io.nanogrid.engine.serve.Http;
import io.nanogrid.engine.serve.ServeFixtures;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid of two image experts made only with the command line, as a user would: grid new, grid add twice
 * (each expert with its labelled images, a folder per class), router train (a dense router on the pixels),
 * export, then served over HTTP on 127.0.0.1 and answering images sent as base64 PNG.
 */
class ImageGridFromNothingTest {
    private static final int SIZE = 16;

    @TempDir
    Path dir;

    @Test
    void twoImageExpertsBuiltWithGridCommandsAreRoutedExportedAndServed() throws Exception {
        Random rnd = new Random(3);
        TestModels.write(stripesModel(), dir.resolve("stripes.onnx"));
        TestModels.write(brightnessModel(), dir.resolve("brightness.onnx"));
        for (int i = 0; i < 60; i++) {
            png(stripes(true, rnd), dir.resolve("stripes-data/horizontal/" + i + ".png"));
            png(stripes(false, rnd), dir.resolve("stripes-data/vertical/" + i + ".png"));
            png(blob(50, rnd), dir.resolve("brightness-data/dark/" + i + ".png"));
            png(blob(200, rnd), dir.resolve("brightness-data/light/" + i + ".png"));
        }
        Path grid = dir.resolve("grid.json");
        ok(CliRun.of("grid", "new", "shapes", "-o", grid.toString()));
        ok(CliRun.of("grid", "add", grid.toString(), dir.resolve("stripes.onnx").toString(), "--label-names",
                "horizontal,vertical", "--image-folders", dir.resolve("stripes-data").toString()));
        CliRun notYet = CliRun.of("run", grid.toString(), "--image", dir.resolve("stripes-data/vertical/0.png")
                .toString());
        assertEquals(0, notYet.exit(), "one expert answers alone: " + notYet);
        ok(CliRun.of("grid", "add", grid.toString(), dir.resolve("brightness.onnx").toString(), "--id", "light",
                "--label-names", "dark,light", "--image-folders", dir.resolve("brightness-data").toString()));
        CliRun noRouter = CliRun.of("run", grid.toString(), "--image", dir.resolve("stripes-data/vertical/0.png")
                .toString());
        assertEquals(Cli.BAD_INPUT, noRouter.exit(), noRouter.toString());
        assertTrue(noRouter.err().contains("2 experts and no router yet; train one"), noRouter.err());

        CliRun trained = CliRun.of("router", "train", grid.toString(), "--json");
        ok(trained);
        JsonObject report = trained.json();
        assertTrue(report.getAsJsonObject("heldOut").get("accuracy").getAsDouble() >= 0.95, trained.out());
        String saved = Files.readString(grid);
        assertTrue(saved.contains("\"router.onnx\"") && saved.contains("\"image-folders\""), saved);

        CliRun run = CliRun.of("run", grid.toString(), "--image", dir.resolve("brightness-data/light/3.png")
                .toString(), "--json");
        ok(run);
        assertEquals("light", run.json().get("route").getAsString());
        assertEquals("light", run.json().getAsJsonObject("result").get("label").getAsString());

        Path bundle = dir.resolve("shapes.ngrid");
        ok(CliRun.of("export", grid.toString(), "-o", bundle.toString()));
        ok(CliRun.of("verify", bundle.toString()));
        try (GridServer server = ServeFixtures.start(bundle, ServeFixtures.settings(), dir.resolve("work"),
                new StringWriter())) {
            Http http = new Http(server.uri());
            for (Map.Entry<String, List<String>> want : Map.of("stripes-data/horizontal/7.png",
                    List.of("stripes", "horizontal"), "stripes-data/vertical/8.png", List.of("stripes", "vertical"),
                    "brightness-data/dark/9.png", List.of("light", "dark")).entrySet()) {
                String body = "{\"image\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(
                        dir.resolve(want.getKey()))) + "\"}";
                Http.Answer a = http.post("/v1/route", body);
                assertEquals(200, a.code(), a.toString());
                assertEquals(want.getValue().get(0), a.json().get("route").getAsString(), a.toString());
                assertEquals(want.getValue().get(1), a.json().getAsJsonObject("result").get("label").getAsString());
            }
        }
    }

    private static void ok(CliRun r) {
        assertEquals(0, r.exit(), r.toString());
    }

    /** [1, 1, 16, 16] raw pixels -> |rows' differences| vs |columns' differences| -> horizontal, vertical. */
    private static ai.onnx.proto.OnnxMl.ModelProto stripesModel() {
        GraphBuilder g = new GraphBuilder("stripes");
        g.input("image", ElementType.FLOAT, 1, 1, SIZE, SIZE);
        g.floats("down", new long[] {1, 1, 2, 1}, new float[] {1, -1});
        g.floats("across", new long[] {1, 1, 1, 2}, new float[] {1, -1});
        g.floats("scale", new long[] {}, new float[] {1f / 2000});
        g.node("Conv", List.of("image", "down"), List.of("dv"));
        g.node("Conv", List.of("image", "across"), List.of("dh"));
        g.node("Abs", List.of("dv"), List.of("adv"));
        g.node("Abs", List.of("dh"), List.of("adh"));
        g.node("ReduceSum", List.of("adv"), List.of("sv"), Map.of("keepdims", 0));
        g.node("ReduceSum", List.of("adh"), List.of("sh"), Map.of("keepdims", 0));
        g.longs("one", new long[] {1}, new long[] {1});
        g.node("Reshape", List.of("sv", "one"), List.of("sv1"));
        g.node("Reshape", List.of("sh", "one"), List.of("sh1"));
        g.node("Concat", List.of("sv1", "sh1"), List.of("s"), Map.of("axis", 0));
        g.node("Mul", List.of("s", "scale"), List.of("logits1"));
        g.longs("row", new long[] {2}, new long[] {1, 2});
        g.node("Reshape", List.of("logits1", "row"), List.of("logits"));
        g.node("Softmax", List.of("logits"), List.of("probabilities"), Map.of("axis", -1));
        g.output("probabilities", ElementType.FLOAT, 1, 2);
        return g.build();
    }

    /** [1, 1, 16, 16] raw pixels -> the mean against 128 -> dark, light. */
    private static ai.onnx.proto.OnnxMl.ModelProto brightnessModel() {
        GraphBuilder g = new GraphBuilder("brightness");
        g.input("image", ElementType.FLOAT, 1, 1, SIZE, SIZE);
        g.node("ReduceMean", List.of("image"), List.of("mean"), Map.of("keepdims", 0));
        g.floats("mid", new long[] {}, new float[] {128});
        g.floats("signs", new long[] {1, 2}, new float[] {-1f / 16, 1f / 16});
        g.node("Sub", List.of("mean", "mid"), List.of("centred"));
        g.node("Mul", List.of("signs", "centred"), List.of("logits"));
        g.node("Softmax", List.of("logits"), List.of("probabilities"), Map.of("axis", -1));
        g.output("probabilities", ElementType.FLOAT, 1, 2);
        return g.build();
    }

    private static int[] stripes(boolean horizontal, Random rnd) {
        int[] px = new int[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean bright = ((horizontal ? y : x) % 2) == 0;
                px[y * SIZE + x] = clamp((bright ? 220 : 30) + rnd.nextInt(31) - 15);
            }
        }
        return px;
    }

    private static int[] blob(int level, Random rnd) {
        int[] px = new int[SIZE * SIZE];
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp(level + rnd.nextInt(41) - 20);
        }
        return px;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static void png(int[] px, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < px.length; i++) {
            img.getRaster().setSample(i % SIZE, i / SIZE, 0, px[i]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        Files.write(file, out.toByteArray());
    }
}
