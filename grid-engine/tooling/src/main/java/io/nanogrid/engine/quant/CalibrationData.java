package io.nanogrid.engine.quant;

import io.nanogrid.engine.data.Idx;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.Images;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Npy;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Calibration examples from a file, by its kind: an .npy array [N, ...] (N tensor requests of [1, ...]),
 * an IDX image file (MNIST's, gzipped or not), an image (PNG/JPEG), a folder of images (searched to any
 * depth, sorted), or else UTF-8 text, one example a line (the first tab-separated column; blank lines
 * skipped). A file of the wrong kind for the model is refused when the examples are fed
 * ({@link Calibrator}).
 *
 * @param source   the file, for messages and the model's metadata
 * @param kind     "text", "images" or "tensors"
 * @param requests the examples, at most the limit asked
 */
public record CalibrationData(Path source, String kind, List<Request> requests) {
    public static CalibrationData read(Path file, int limit) {
        if (!Files.exists(file)) {
            throw new BadInputException("--calibration " + file + ": no such file or folder");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Request> out;
        String kind;
        if (Files.isDirectory(file)) {
            out = folder(file, limit);
            kind = "images";
        } else if (name.endsWith(".npy")) {
            out = tensors(file, limit);
            kind = "tensors";
        } else if (name.contains("idx3-ubyte")) {
            out = Idx.images(file, limit).stream().map(i -> (Request) new ImageRequest(i)).toList();
            kind = "images";
        } else if (isImage(name)) {
            out = List.of(new ImageRequest(Images.read(file)));
            kind = "images";
        } else {
            out = text(file, limit);
            kind = "text";
        }
        if (out.isEmpty()) {
            throw new BadInputException("--calibration " + file + ": no examples in it");
        }
        return new CalibrationData(file, kind, List.copyOf(out));
    }

    private static boolean isImage(String name) {
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    private static List<Request> folder(Path dir, int limit) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && isImage(f.getFileName().toString()
                    .toLowerCase(Locale.ROOT))).sorted().limit(limit).map(f -> (Request) new ImageRequest(
                            Images.read(f))).toList();
        } catch (IOException e) {
            throw new BadInputException("--calibration " + dir + ": cannot read it: " + IoReasons.of(e), e);
        }
    }

    private static List<Request> text(Path file, int limit) {
        String all;
        try {
            all = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException("--calibration " + file + ": not UTF-8 text, an image, an IDX file or an "
                    + ".npy array");
        } catch (IOException e) {
            throw new BadInputException("--calibration " + file + ": cannot read it: " + IoReasons.of(e), e);
        }
        if (all.indexOf('\0') >= 0) {
            throw new BadInputException("--calibration " + file + ": holds binary data, not text, an image, an IDX "
                    + "file or an .npy array");
        }
        List<Request> out = new ArrayList<>();
        for (String line : all.split("\r?\n")) {
            String t = line.split("\t", 2)[0].strip();
            if (!t.isEmpty() && out.size() < limit) {
                out.add(new TextRequest(t));
            }
        }
        return out;
    }

    private static List<Request> tensors(Path file, int limit) {
        Value v = Npy.read(file);
        List<Request> out = new ArrayList<>();
        if (v instanceof FloatTensor f && f.shape().length >= 1) {
            int n = (int) Math.min(limit, f.shape()[0]);
            int per = f.shape()[0] == 0 ? 0 : f.values().length / (int) f.shape()[0];
            long[] shape = f.shape().clone();
            shape[0] = 1;
            for (int i = 0; i < n; i++) {
                out.add(new TensorRequest(new FloatTensor(shape, Arrays.copyOfRange(f.values(), i * per,
                        (i + 1) * per))));
            }
        } else if (v instanceof LongTensor l && l.shape().length >= 1) {
            int n = (int) Math.min(limit, l.shape()[0]);
            int per = l.shape()[0] == 0 ? 0 : l.values().length / (int) l.shape()[0];
            long[] shape = l.shape().clone();
            shape[0] = 1;
            for (int i = 0; i < n; i++) {
                out.add(new TensorRequest(new LongTensor(shape, Arrays.copyOfRange(l.values(), i * per,
                        (i + 1) * per))));
            }
        } else {
            throw new BadInputException("--calibration " + file + ": expected a float or integer array of shape "
                    + "[N, ...], not " + v.describe());
        }
        return out;
    }
}
