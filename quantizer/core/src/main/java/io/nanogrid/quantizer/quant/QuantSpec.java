package io.nanogrid.quantizer.quant;

import io.nanogrid.onnx.WeightBits;
import java.util.Locale;

/**
 * What to quantize to: bits (8, 4 or 2), the block length along the reduction axis, the method and
 * symmetric (no zero points) or asymmetric.
 */
public record QuantSpec(int bits, int block, QuantMethod method, boolean symmetric) {
    /** Block lengths ONNX Runtime's block-quantized operators take: powers of two from 16 to 256. */
    public static final int MIN_BLOCK = 16;
    public static final int MAX_BLOCK = 256;

    public QuantSpec {
        if (!WeightBits.supported(bits)) {
            throw new IllegalArgumentException("bits must be " + WeightBits.listed() + ", not " + bits);
        }
        if (block < 1) {
            throw new IllegalArgumentException("block must be at least 1, not " + block);
        }
        if (method == null) {
            throw new IllegalArgumentException("method is required");
        }
    }

    public QuantFormat format() {
        return QuantFormat.of(bits, symmetric);
    }

    public QuantSpec withBlock(int b) {
        return new QuantSpec(bits, b, method, symmetric);
    }

    public QuantSpec withBits(int b) {
        return new QuantSpec(b, block, method, symmetric);
    }

    /** True for a power of two from 16 to 256. */
    public static boolean isStandardBlock(int block) {
        return block >= MIN_BLOCK && block <= MAX_BLOCK && Integer.bitCount(block) == 1;
    }

    /** "4-bit, block 32, search, asymmetric". */
    public String describe() {
        return String.format(Locale.ROOT, "%d-bit, block %d, %s, %s", bits, block, method.wireName(),
                symmetric ? "symmetric" : "asymmetric");
    }
}
