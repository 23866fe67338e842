package io.nanogrid.engine.features;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import java.util.List;
import java.util.Map;

/**
 * Feeds an image to a model: grey/RGB conversion, bilinear resize, (pixel * scale - mean) / std,
 * then the model's layout.
 */
final class ImageAdapter implements InputAdapter {
    /** The resolved settings: every field known. */
    record Settings(int width, int height, int channels, double scale, double[] mean, double[] std, String layout) {
    }

    private final Settings s;
    private final String inputName;
    private final TensorAdapter raw;

    ImageAdapter(Settings settings, TensorDesc input) {
        this.s = settings;
        this.inputName = input.name();
        this.raw = new TensorAdapter(List.of(input));
    }

    /** Images are converted; a tensor request is passed to the model as it is. */
    @Override
    public Map<String, Value> apply(Request request) {
        if (request instanceof TensorRequest) {
            return raw.apply(request);
        }
        if (!(request instanceof ImageRequest ir)) {
            throw Requests.wrongKind("an image", request);
        }
        Image img = Images.resize(Images.convert(ir.image(), s.channels()), s.width(), s.height());
        int c = s.channels();
        int hw = s.width() * s.height();
        float[] out = new float[hw * c];
        float[] px = img.pixels();
        boolean planar = s.layout().equals("NCHW");
        for (int i = 0; i < hw; i++) {
            for (int k = 0; k < c; k++) {
                double m = s.mean()[s.mean().length == 1 ? 0 : k];
                double d = s.std()[s.std().length == 1 ? 0 : k];
                float v = (float) ((px[i * c + k] * s.scale() - m) / d);
                out[planar ? k * hw + i : i * c + k] = v;
            }
        }
        long[] shape = switch (s.layout()) {
            case "NCHW" -> new long[] {1, c, s.height(), s.width()};
            case "NHWC" -> new long[] {1, s.height(), s.width(), c};
            case "NHW" -> new long[] {1, s.height(), s.width()};
            default -> new long[] {1, (long) hw * c};
        };
        return Map.of(inputName, new FloatTensor(shape, out));
    }
}
