package io.nanogrid.engine.features;

/**
 * Decoded pixels, row-major and channel-interleaved (HWC), values 0..255 as stored.
 *
 * @param channels 1 (grey) or 3 (RGB)
 */
public record Image(int width, int height, int channels, float[] pixels) {
    public Image {
        if (width < 1 || height < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("bad image geometry " + width + "x" + height + "x" + channels);
        }
        if (pixels.length != width * height * channels) {
            throw new IllegalArgumentException("image has " + pixels.length + " values for " + width + "x" + height
                    + "x" + channels);
        }
    }
}
