package io.nanogrid.engine.data;

import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Npy;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A pair of .npy files: inputs [N, ...] and labels [N] (integers or strings). */
public final class NpyDatasets {
    private NpyDatasets() {
    }

    public static Dataset read(Path inputs, Path labels, int limit) {
        Value x = Npy.read(inputs);
        Value y = Npy.read(labels);
        long[] xs = x instanceof FloatTensor f ? f.shape() : x instanceof LongTensor l ? l.shape() : null;
        if (xs == null || xs.length < 1) {
            throw new BadInputException(inputs + ": expected a numeric array of shape [N, ...]");
        }
        String[] ys;
        if (y instanceof LongTensor l && l.shape().length == 1) {
            ys = Arrays.stream(l.values()).mapToObj(Long::toString).toArray(String[]::new);
        } else if (y instanceof StringTensor s && s.shape().length == 1) {
            ys = s.values();
        } else {
            throw new BadInputException(labels + ": expected a 1-D array of integer or string labels");
        }
        if (ys.length != xs[0]) {
            throw new BadInputException(inputs + " holds " + xs[0] + " rows but " + labels + " holds " + ys.length
                    + " labels");
        }
        long[] rowShape = Arrays.copyOfRange(xs, 1, xs.length);
        int rowSize = (int) Arrays.stream(rowShape).reduce(1, (a, b) -> a * b);
        int n = limit > 0 ? Math.min(limit, ys.length) : ys.length;
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Value row = x instanceof FloatTensor f
                    ? new FloatTensor(rowShape, Arrays.copyOfRange(f.values(), i * rowSize, (i + 1) * rowSize))
                    : new LongTensor(rowShape, Arrays.copyOfRange(((LongTensor) x).values(), i * rowSize,
                            (i + 1) * rowSize));
            out.add(new Example(new TensorRequest(row), ys[i], null, i));
        }
        return new Dataset(inputs.toString(), out, List.of());
    }
}
