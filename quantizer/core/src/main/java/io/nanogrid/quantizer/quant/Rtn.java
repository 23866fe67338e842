package io.nanogrid.quantizer.quant;

import static io.nanogrid.quantizer.quant.FastQuantizer.MAGIC;
import static io.nanogrid.quantizer.quant.FastQuantizer.MAGIC_BITS;

/**
 * The fast path of round-to-nearest: one pass for the block's range and one that rounds and packs,
 * with the loops specialized per width so that the just-in-time compiler keeps everything in
 * registers, and no lower clamp (no code can fall below 0, see the loop). Same results as
 * {@link ReferenceQuantizer} (tested, on awkward blocks too).
 *
 * <p>With blocks of 32 the loop waited on memory more than it computed: the hardware prefetcher
 * alone kept too few cache lines in flight (the range pass read about 2 GB/s where a plain summing loop
 * reads 4 to 5). Each block therefore first reads one float of every cache line
 * {@link #AHEAD} values further on, so those lines are on their way while this block is
 * computed (Java has no prefetch instruction; the loads' sum goes to {@link #prefetched} so that
 * the compiler keeps them). With the branch-free choices below, quant-bench at block 32 went from
 * 320-440 to 400-530 Mfloat/s (old and new code alternated, three runs each).
 */
final class Rtn {
    /** How far ahead, in values, lines are touched: a few lines, farther made no difference. */
    static final int AHEAD = 64;
    /** Floats per 64-byte cache line. */
    private static final int LINE = 16;
    /** The sum of the touched values' bits: written so that the touching loads are not removed. */
    static int prefetched;

    private Rtn() {
    }

    /**
     * min(x, 0) and max(x, 0) of a block, packed in a long, compared as integers so without branches
     * that mispredict each time a new extreme appears: a positive float's bits order like the float,
     * and a negative float's bits with the sign flipped are its magnitude, so two integer maxima give
     * the largest value and the largest negative magnitude. Values must be finite.
     */
    static long range(float[] x, int off, int len) {
        int positive = 0;
        int negative = 0;
        for (int i = off, end = off + len; i < end; i++) {
            int b = Float.floatToRawIntBits(x[i]);
            positive = Math.max(positive, b);
            negative = Math.max(negative, b ^ 0x80000000);
        }
        return (long) negative << 32 | (positive & 0xffffffffL);
    }

    static float low(long range) {
        int magnitude = (int) (range >> 32);
        return magnitude == 0 ? 0f : -Float.intBitsToFloat(magnitude);
    }

    static float high(long range) {
        return Float.intBitsToFloat((int) range);
    }

    static void quantize(float[] x, int rows, int cols, int block, QuantFormat f, byte[] codes, float[] scales,
            byte[] zeros) {
        int nb = QuantizedMatrix.blocksPerRow(cols, block);
        int blob = f.blobBytes(block);
        int bits = f.bits();
        int qmax = f.qmax();
        int mid = f.mid();
        boolean sym = f.symmetric();
        float negInverseMid = -1f / mid; // a power of two: multiplying is exactly dividing by -mid
        int[] scratch = new int[block];
        int last = rows * cols - 1;
        int touched = 0;
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < nb; b++) {
                int off = r * cols + b * block;
                int len = Math.min(block, cols - b * block);
                for (int t = off + AHEAD, end = t + len; t < end; t += LINE) {
                    touched += Float.floatToRawIntBits(x[Math.min(t, last)]);
                }
                long range = range(x, off, len);
                float min = low(range);
                float max = high(range);
                float scale;
                float inv;
                int zero;
                if (sym) {
                    // max >= -min ? max : min, chosen on the bits: a branch here mispredicts half the time
                    int positive = (int) range;
                    int negative = (int) (range >>> 32);
                    float extreme = Float.intBitsToFloat(positive >= negative ? positive : negative | 0x80000000);
                    scale = extreme * negInverseMid;
                    inv = extreme != 0 ? -mid / extreme : 0;
                    zero = mid;
                } else {
                    scale = (max - min) / qmax;
                    inv = max != min ? qmax / (max - min) : 0;
                    zero = 0;
                }
                if (!Float.isFinite(inv)) {
                    scale = 0;
                    inv = 0;
                }
                if (!sym) {
                    zero = scale != 0 ? Math.min(qmax, (int) (-min * inv + 0.5f)) : 0;
                }
                int i = r * nb + b;
                scales[i] = scale;
                if (zeros != null) {
                    zeros[i] = (byte) zero;
                }
                int at = i * blob;
                int shift = MAGIC_BITS - zero;
                // Only the upper clamp: no code falls below 0. Symmetric: the extreme maps to -mid and
                // nothing has a larger magnitude. Asymmetric: x >= min, float products are monotonic, so
                // rint(x * inv) >= rint(min * inv) = -rint(a) with a = -min * inv, and the zero point
                // floor(a + 0.5) >= rint(a) (it is never clamped: a <= qmax up to rounding).
                // Nor does a code pass qmax + 1 = 2^bits, so c - (c >> bits) is min(c, qmax) without a
                // compare: symmetric, |x * inv| <= mid (1 + 2^-23) < mid + 1/2, so rint(x * inv) <= mid;
                // asymmetric, rint(x * inv) + zero <= max * inv + 1/2 - min * inv + 1/2 and
                // (max - min) * inv = qmax within a few float roundings (relative 2^-22), below qmax + 1.
                if (len == block && bits == 4 && (block & 1) == 0) {
                    for (int j = 0, n = block >> 1, o = off; j < n; j++, o += 2) {
                        int c0 = Float.floatToRawIntBits(x[o] * inv + MAGIC) - shift;
                        c0 -= c0 >> bits;
                        int c1 = Float.floatToRawIntBits(x[o + 1] * inv + MAGIC) - shift;
                        c1 -= c1 >> bits;
                        codes[at + j] = (byte) (c0 | c1 << 4);
                    }
                } else if (len == block && bits == 2 && (block & 3) == 0) {
                    for (int j = 0, n = block >> 2, o = off; j < n; j++, o += 4) {
                        int c0 = Float.floatToRawIntBits(x[o] * inv + MAGIC) - shift;
                        c0 -= c0 >> bits;
                        int c1 = Float.floatToRawIntBits(x[o + 1] * inv + MAGIC) - shift;
                        c1 -= c1 >> bits;
                        int c2 = Float.floatToRawIntBits(x[o + 2] * inv + MAGIC) - shift;
                        c2 -= c2 >> bits;
                        int c3 = Float.floatToRawIntBits(x[o + 3] * inv + MAGIC) - shift;
                        c3 -= c3 >> bits;
                        codes[at + j] = (byte) (c0 | c1 << 2 | c2 << 4 | c3 << 6);
                    }
                } else if (len == block && bits == 8) {
                    for (int j = 0; j < block; j++) {
                        int c = Float.floatToRawIntBits(x[off + j] * inv + MAGIC) - shift;
                        codes[at + j] = (byte) (c - (c >> 8));
                    }
                } else {
                    for (int j = 0; j < len; j++) {
                        scratch[j] = Math.max(0, Math.min(qmax, Float.floatToRawIntBits(x[off + j] * inv + MAGIC)
                                - shift));
                    }
                    for (int j = len; j < block; j++) {
                        scratch[j] = zero;
                    }
                    BitPacking.pack(scratch, 0, block, bits, codes, (long) at * 8 / bits);
                }
            }
        }
        prefetched += touched;
    }
}
