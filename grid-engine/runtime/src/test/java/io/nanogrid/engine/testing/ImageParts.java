package io.nanogrid.engine.testing;

import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Two image experts made elsewhere (real ONNX graphs on 16x16 grey pixels: stripes horizontal or vertical,
 * brightness dark or light) and a folder of labelled images per class for each, as the command line's
 * ImageGridFromNothingTest and the workbench's tests use them.
 */
public final class ImageParts {
    private static final int SIZE = 16;

    /** The models and their image folders. */
    public record Parts(Path stripesModel, Path brightnessModel, Path stripesData, Path brightnessData) {
    }

    private ImageParts() {
    }

    public static Parts write(Path dir) {
        try {
            Random rnd = new Random(3);
            Files.createDirectories(dir.resolve("models"));
            Path stripes = TestModels.write(stripesModel(), dir.resolve("models/stripes.onnx"));
            Path brightness = TestModels.write(brightnessModel(), dir.resolve("models/brightness.onnx"));
            for (int i = 0; i < 60; i++) {
                png(stripes(true, rnd), dir.resolve("stripes-data/horizontal/" + i + ".png"));
                png(stripes(false, rnd), dir.resolve("stripes-data/vertical/" + i + ".png"));
                png(blob(50, rnd), dir.resolve("brightness-data/dark/" + i + ".png"));
                png(blob(200, rnd), dir.resolve("brightness-data/light/" + i + ".png"));
            }
            return new Parts(stripes, brightness, dir.resolve("stripes-data"), dir.resolve("brightness-data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
