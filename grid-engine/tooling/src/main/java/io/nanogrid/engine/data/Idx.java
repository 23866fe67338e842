package io.nanogrid.engine.data;

import io.nanogrid.engine.features.Image;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.DataFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads IDX files (the MNIST format): unsigned-byte images and labels, raw or gzip-compressed. */
public final class Idx {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    /** Pairs an IDX image file with an IDX label file. */
    public static Dataset read(Path images, Path labels, int limit) {
        List<Image> imgs = images(images, limit);
        int[] lbls = labels(labels, limit);
        if (imgs.size() != lbls.length) {
            throw new BadInputException(images + " holds " + imgs.size() + " images but " + labels + " holds "
                    + lbls.length + " labels");
        }
        List<Example> out = new ArrayList<>(imgs.size());
        for (int i = 0; i < imgs.size(); i++) {
            out.add(new Example(new ImageRequest(imgs.get(i)), Integer.toString(lbls[i]), null, i));
        }
        return new Dataset(images.toString(), out, List.of());
    }

    public static List<Image> images(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new BadInputException(file + ": not an IDX image file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x803 for unsigned-byte images of 3 dimensions)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows < 1 || cols < 1 || (long) rows * cols > 1 << 24) {
                throw new BadInputException(file + ": implausible IDX header " + count + "x" + rows + "x" + cols);
            }
            int n = limit > 0 ? Math.min(limit, count) : count;
            List<Image> out = new ArrayList<>(n);
            byte[] buf = new byte[rows * cols];
            for (int i = 0; i < n; i++) {
                in.readFully(buf);
                float[] px = new float[buf.length];
                for (int k = 0; k < buf.length; k++) {
                    px[k] = buf[k] & 0xFF;
                }
                out.add(new Image(cols, rows, 1, px));
            }
            return out;
        } catch (EOFException e) {
            throw new BadInputException(file + ": the file ends before its last image (truncated)");
        } catch (IOException e) {
            throw DataFiles.unreadable(file, e);
        }
    }

    public static int[] labels(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new BadInputException(file + ": not an IDX label file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x801)");
            }
            int count = in.readInt();
            int n = limit > 0 ? Math.min(limit, count) : count;
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = in.readUnsignedByte();
            }
            return out;
        } catch (EOFException e) {
            throw new BadInputException(file + ": the file ends before its last label (truncated)");
        } catch (IOException e) {
            throw DataFiles.unreadable(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        DataFiles.requireFile(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        InputStream in = b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw;
        return new DataInputStream(in);
    }
}
