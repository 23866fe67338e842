package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.List;
import java.util.Map;

/**
 * An image (from IDX, PNG or JPEG) to a float tensor. Fields left null are taken from the model's
 * input shape when it is bound (size, channels, layout) or default to the identity (scale 1,
 * mean 0, std 1: the pixel values 0..255 as stored).
 *
 * @param width      target width in pixels (the image is resized bilinearly when it differs)
 * @param height     target height
 * @param color      "grey" or "rgb"
 * @param scale      each pixel value (0..255) is multiplied by this first, e.g. 1/255
 * @param mean       per-channel mean subtracted after scaling (one value, or one per channel)
 * @param std        per-channel standard deviation divided by last
 * @param layout     "NCHW", "NHWC", "NHW" (grey, no channel axis) or "flat" ([N, H*W*C])
 * @param modelInput the model input fed, or null for the only free one
 * @param constants  other inputs fed a fixed value on every call
 * @param state      inputs fed from the previous call's outputs (input -> output)
 */
@Kind(ImageSpec.KIND)
public record ImageSpec(Integer width, Integer height, String color, Double scale, List<Double> mean,
        List<Double> std, String layout, String modelInput, Map<String, TensorValue> constants,
        Map<String, String> state) implements InputSpec {
    public static final String KIND = "image";

    public ImageSpec {
        mean = mean != null ? List.copyOf(mean) : null;
        std = std != null ? List.copyOf(std) : null;
        constants = constants != null && !constants.isEmpty() ? Map.copyOf(constants) : null;
        state = state != null && !state.isEmpty() ? Map.copyOf(state) : null;
    }

    public ImageSpec(Integer width, Integer height, String color, Double scale, List<Double> mean, List<Double> std,
            String layout, String modelInput) {
        this(width, height, color, scale, mean, std, layout, modelInput, null, null);
    }

    /** Everything from the model's input shape, pixel values as stored. */
    public static ImageSpec fromModel() {
        return new ImageSpec(null, null, null, null, null, null, null, null);
    }

    public ImageSpec withScale(Double s) {
        return new ImageSpec(width, height, color, s, mean, std, layout, modelInput, constants, state);
    }

    public ImageSpec withLayout(String l) {
        return new ImageSpec(width, height, color, scale, mean, std, l, modelInput, constants, state);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
