package io.nanogrid.engine.data;

import io.nanogrid.engine.features.InputsRequest;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Npy;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Arrays as datasets: inputs [N, ...] (one .npy, or several named ones: a folder of NAME.npy files or an
 * .npz) and labels [N] (integers or strings) or one-hot [N, K] (the column of the 1 is the label).
 */
public final class NpyDatasets {
    /** The largest array an .npz entry may hold (it is read whole). */
    private static final int MAX_ENTRY_BYTES = 1 << 30;
    private NpyDatasets() {
    }

    public static Dataset read(Path inputs, Path labels, int limit) {
        Map<String, Value> x = named(inputs);
        String[] ys = labels(labels);
        long n = -1;
        for (Map.Entry<String, Value> e : x.entrySet()) {
            long[] s = shape(e.getValue());
            if (s == null || s.length < 1) {
                throw new BadInputException(inputs + (e.getKey().isEmpty() ? "" : ": " + e.getKey())
                        + ": expected an array of shape [N, ...]");
            }
            if (n >= 0 && s[0] != n) {
                throw new BadInputException(inputs + ": every array needs the same number of rows; '" + e.getKey()
                        + "' has " + s[0] + ", another " + n);
            }
            n = s[0];
        }
        if (ys.length != n) {
            throw new BadInputException(inputs + " holds " + n + " rows but " + labels + " holds " + ys.length
                    + " labels");
        }
        int count = limit > 0 ? Math.min(limit, ys.length) : ys.length;
        List<Example> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Request r;
            if (x.size() == 1 && x.containsKey("")) {
                r = new TensorRequest(row(x.get(""), i));
            } else {
                Map<String, Value> row = new LinkedHashMap<>();
                for (Map.Entry<String, Value> e : x.entrySet()) {
                    row.put(e.getKey(), row(e.getValue(), i));
                }
                r = new InputsRequest(row);
            }
            out.add(new Example(r, ys[i], null, i));
        }
        return new Dataset(inputs.toString(), out, List.of());
    }

    /** One .npy (under the name ""), a folder of NAME.npy, or an .npz archive of them. */
    static Map<String, Value> named(Path inputs) {
        if (Files.isDirectory(inputs)) {
            Map<String, Value> out = new TreeMap<>();
            try (Stream<Path> files = Files.list(inputs)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".npy")).toList()) {
                    out.put(f.getFileName().toString().replaceFirst("\\.npy$", ""), Npy.read(f));
                }
            } catch (IOException e) {
                throw new BadInputException("cannot read " + inputs + ": " + IoReasons.of(e), e);
            }
            if (out.isEmpty()) {
                throw new BadInputException(inputs + ": no NAME.npy files (one per model input)");
            }
            return out;
        }
        if (inputs.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return npz(inputs);
        }
        return Map.of("", Npy.read(inputs));
    }

    /** An .npz: a zip of NAME.npy entries (numpy.savez; compressed or not). */
    private static Map<String, Value> npz(Path file) {
        Map<String, Value> out = new TreeMap<>();
        try (InputStream raw = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                byte[] bytes = zip.readNBytes(MAX_ENTRY_BYTES + 1);
                if (bytes.length > MAX_ENTRY_BYTES) {
                    throw new BadInputException(file + ": " + e.getName() + " is larger than " + MAX_ENTRY_BYTES
                            + " bytes");
                }
                out.put(e.getName().replaceFirst("\\.npy$", ""), Npy.parse(bytes, file + ":" + e.getName()));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + IoReasons.of(e), e);
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ": not an .npz of NAME.npy arrays (none found)");
        }
        return out;
    }

    /** Labels [N] (integers or strings), or one-hot [N, K]: the column holding the 1. */
    static String[] labels(Path labels) {
        Value y = Npy.read(labels);
        if (y instanceof LongTensor l && l.shape().length == 1) {
            return Arrays.stream(l.values()).mapToObj(Long::toString).toArray(String[]::new);
        }
        if (y instanceof StringTensor s && s.shape().length == 1) {
            return s.values();
        }
        long[] shape = shape(y);
        if (shape != null && shape.length == 2 && !(y instanceof StringTensor)) {
            int n = (int) shape[0];
            int k = (int) shape[1];
            double[] v = doubles(y);
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                int hot = -1;
                for (int j = 0; j < k; j++) {
                    double x = v[i * k + j];
                    if (x == 1 && hot < 0) {
                        hot = j;
                    } else if (x != 0) {
                        throw new BadInputException(labels + ": row " + i + " is not one-hot (a single 1 among 0s)");
                    }
                }
                if (hot < 0) {
                    throw new BadInputException(labels + ": row " + i + " has no 1 (not one-hot)");
                }
                out[i] = Integer.toString(hot);
            }
            return out;
        }
        throw new BadInputException(labels + ": expected labels [N] (integers or strings) or one-hot [N, K]");
    }

    private static double[] doubles(Value v) {
        if (v instanceof FloatTensor f) {
            double[] d = new double[f.values().length];
            for (int i = 0; i < d.length; i++) {
                d[i] = f.values()[i];
            }
            return d;
        }
        return Arrays.stream(((LongTensor) v).values()).asDoubleStream().toArray();
    }

    private static long[] shape(Value v) {
        return v instanceof FloatTensor f ? f.shape() : v instanceof LongTensor l ? l.shape()
                : v instanceof StringTensor s ? s.shape() : null;
    }

    private static Value row(Value x, int i) {
        long[] shape = shape(x);
        long[] rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        int size = (int) Arrays.stream(rowShape).reduce(1, (a, b) -> a * b);
        if (x instanceof FloatTensor f) {
            return new FloatTensor(rowShape, Arrays.copyOfRange(f.values(), i * size, (i + 1) * size));
        }
        if (x instanceof LongTensor l) {
            return new LongTensor(rowShape, Arrays.copyOfRange(l.values(), i * size, (i + 1) * size));
        }
        StringTensor s = (StringTensor) x;
        return new StringTensor(rowShape, Arrays.copyOfRange(s.values(), i * size, (i + 1) * size));
    }
}
