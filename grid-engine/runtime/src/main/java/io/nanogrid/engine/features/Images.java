package io.nanogrid.engine.features;

import io.nanogrid.files.BadInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads PNG and JPEG files and converts and resizes images. */
public final class Images {
    private Images() {
    }

    /** Reads a PNG, JPEG, BMP or GIF file; grey images stay one channel, others become RGB. */
    public static Image read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("cannot read image " + file + ": file not found");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new BadInputException("cannot read image " + file + ": not a PNG, JPEG, BMP or GIF file");
        }
        return fromBufferedImage(img);
    }

    /** An image file's bytes (an upload), decoded; {@code source} names it in messages. */
    public static Image decode(byte[] bytes, String source) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(source + ": not an image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new BadInputException(source + ": not a PNG, JPEG, BMP or GIF image");
        }
        return fromBufferedImage(img);
    }

    public static Image fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean grey = img.getType() == BufferedImage.TYPE_BYTE_GRAY || img.getType() == BufferedImage.TYPE_USHORT_GRAY
                || (img.getColorModel().getNumColorComponents() == 1 && img.getColorModel().getPixelSize() <= 16
                        && img.getType() != BufferedImage.TYPE_BYTE_INDEXED
                        && img.getType() != BufferedImage.TYPE_BYTE_BINARY);
        int c = grey ? 1 : 3;
        float[] px = new float[w * h * c];
        if (grey) {
            var raster = img.getRaster();
            double max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = (float) (raster.getSample(x, y, 0) * 255.0 / max);
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    int i = (y * w + x) * 3;
                    px[i] = (rgb >> 16) & 0xFF;
                    px[i + 1] = (rgb >> 8) & 0xFF;
                    px[i + 2] = rgb & 0xFF;
                }
            }
        }
        return new Image(w, h, c, px);
    }

    /** Grey to RGB by repetition; RGB to grey by ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B). */
    public static Image convert(Image img, int channels) {
        if (img.channels() == channels) {
            return img;
        }
        int n = img.width() * img.height();
        float[] out = new float[n * channels];
        float[] in = img.pixels();
        for (int i = 0; i < n; i++) {
            if (channels == 1) {
                out[i] = 0.299f * in[3 * i] + 0.587f * in[3 * i + 1] + 0.114f * in[3 * i + 2];
            } else {
                out[3 * i] = in[i];
                out[3 * i + 1] = in[i];
                out[3 * i + 2] = in[i];
            }
        }
        return new Image(img.width(), img.height(), channels, out);
    }

    /** Bilinear resize with half-pixel centres (as PIL and OpenCV do); the same size returns the image. */
    public static Image resize(Image img, int width, int height) {
        if (img.width() == width && img.height() == height) {
            return img;
        }
        int c = img.channels();
        float[] in = img.pixels();
        float[] out = new float[width * height * c];
        double sx = (double) img.width() / width;
        double sy = (double) img.height() / height;
        for (int y = 0; y < height; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, img.height() - 1);
            int y1 = Math.min(y0 + 1, img.height() - 1);
            double wy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, img.width() - 1);
                int x1 = Math.min(x0 + 1, img.width() - 1);
                double wx = fx - x0;
                for (int k = 0; k < c; k++) {
                    double a = in[(y0 * img.width() + x0) * c + k];
                    double b = in[(y0 * img.width() + x1) * c + k];
                    double d = in[(y1 * img.width() + x0) * c + k];
                    double e = in[(y1 * img.width() + x1) * c + k];
                    double top = a + (b - a) * wx;
                    double bottom = d + (e - d) * wx;
                    out[(y * width + x) * c + k] = (float) (top + (bottom - top) * wy);
                }
            }
        }
        return new Image(width, height, c, out);
    }
}
