package io.nanogrid.quantizer.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Round-to-nearest with the JDK's vector API (the incubating module jdk.incubator.vector): the arithmetic of
 * {@link Rtn}, value for value, so the same codes, scales and zero points (tested against
 * {@link ReferenceQuantizer}), on {@link #LANES} floats at a time.
 *
 * <p>Why: Java 17's just-in-time compiler vectorizes none of the scalar loop's steps: not the block's
 * minimum and maximum (reductions), not Float.floatToRawIntBits, not a float-to-int conversion. Measured on
 * this machine (AVX-512, one thread, in cache): an elementwise multiply-add runs at 9-18 Gfloat/s, each of
 * those steps at 1-3, and the range pass alone at 1.0-1.1 Gfloat/s, so the scalar quantizer cannot reach
 * 1,000 Mfloat/s (it measures 450-550). Here the range is a lane-wise max/min and one reduction per block,
 * the codes are computed a vector at a time, and 4- and 8-bit codes are packed in vector registers too.
 *
 * <p>Used only when the module is in the boot layer (java --add-modules jdk.incubator.vector): this class is
 * loaded only then (see {@link FastQuantizer}), and {@link Rtn} runs otherwise. Only whole rows of whole blocks
 * that are a multiple of {@link #LANES} take this path.
 */
final class VectorRtn {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    static final int LANES = FLOATS.length();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    /** Bytes of one vector's codes at 8 bits, and of one vector's code pairs at 4 bits (null: no such shape). */
    private static final VectorSpecies<Byte> BYTES = bytes(LANES);
    private static final VectorSpecies<Byte> PAIRS = bytes(LANES / 2);
    private static final float MAGIC = FastQuantizer.MAGIC;
    private static final int MAGIC_BITS = FastQuantizer.MAGIC_BITS;

    private VectorRtn() {
    }

    private static VectorSpecies<Byte> bytes(int lanes) {
        int bits = lanes * 8;
        return bits == 64 || bits == 128 || bits == 256 || bits == 512
                ? VectorSpecies.of(byte.class, VectorShape.forBitSize(bits)) : null;
    }

    /** True when every block of the matrix is whole and a multiple of the vector length. */
    static boolean fits(int cols, int block) {
        return cols % block == 0 && block % LANES == 0;
    }

    static void quantize(float[] x, int rows, int cols, int block, QuantFormat f, byte[] codes, float[] scales,
            byte[] zeros) {
        int nb = cols / block;
        int blob = f.blobBytes(block);
        int bits = f.bits();
        int qmax = f.qmax();
        int mid = f.mid();
        boolean sym = f.symmetric();
        float negInverseMid = -1f / mid; // a power of two: multiplying is exactly dividing by -mid
        int[] c = new int[block];
        byte[] pairs = new byte[block / 2];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < nb; b++) {
                int off = r * cols + b * block;
                // the range as Rtn takes it, on the floats' bits: an integer lane maximum is one instruction, a
                // float one (Java's max: NaN and -0.0 rules) several, and so is each step of its lane reduction
                long range = range(x, off, block);
                float min = Rtn.low(range);
                float max = Rtn.high(range);
                float scale;
                float inv;
                int zero;
                if (sym) {
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
                codes(x, off, block, inv, zero, bits, false, codes, i * blob, c, pairs);
            }
        }
    }

    /**
     * A whole block's codes with inverse scale inv and zero point zero, packed at byte at. Without clamp, codes
     * must fall in [0, qmax + 1] (round-to-nearest: see above); with clamp, any code is clamped to [0, qmax]
     * (the search's clipping candidates). c and pairs are scratch of block ints and block / 2 bytes.
     */
    static void codes(float[] x, int off, int block, float inv, int zero, int bits, boolean clamp, byte[] codes,
            int at, int[] c, byte[] pairs) {
        int qmax = (1 << bits) - 1;
        int shift = MAGIC_BITS - zero;
        // as in Rtn: the product rounded to float, then rint by the magic constant; without clamp no code falls
        // below 0 and none passes qmax + 1, so c - (c >> bits) is min(c, qmax)
        for (int j = 0; j < block; j += LANES) {
            IntVector k = FloatVector.fromArray(FLOATS, x, off + j).mul(inv).add(MAGIC).reinterpretAsInts()
                    .sub(shift);
            if (clamp) {
                k = k.max(0).min(qmax);
            } else {
                k = k.sub(k.lanewise(VectorOperators.ASHR, bits));
            }
            if (bits == 8 && BYTES != null) {
                k.convertShape(VectorOperators.I2B, BYTES, 0).reinterpretAsBytes().intoArray(codes, at + j);
            } else if (bits == 4 && PAIRS != null) {
                // codes 2m and 2m+1 share a long lane: low nibble, high nibble (low bits first)
                LongVector p = k.reinterpretAsLongs();
                p = p.and(15L).or(p.lanewise(VectorOperators.LSHR, 28));
                p.convertShape(VectorOperators.L2B, PAIRS, 0).reinterpretAsBytes().intoArray(codes,
                        at + j / 2);
            } else if (bits == 2 && PAIRS != null) {
                LongVector p = k.reinterpretAsLongs();
                p = p.and(3L).or(p.lanewise(VectorOperators.LSHR, 30));
                p.convertShape(VectorOperators.L2B, PAIRS, 0).reinterpretAsBytes().intoArray(pairs, j / 2);
            } else {
                k.intoArray(c, j);
            }
        }
        if (bits == 2 && PAIRS != null) {
            for (int j = 0, n = block >> 2; j < n; j++) {
                codes[at + j] = (byte) (pairs[2 * j] | pairs[2 * j + 1] << 4);
            }
        } else if (bits == 8 && BYTES == null) {
            for (int j = 0; j < block; j++) {
                codes[at + j] = (byte) c[j];
            }
        } else if (bits == 4 && PAIRS == null) {
            for (int j = 0, n = block >> 1; j < n; j++) {
                codes[at + j] = (byte) (c[2 * j] | c[2 * j + 1] << 4);
            }
        } else if (bits == 2) {
            for (int j = 0, n = block >> 2; j < n; j++) {
                codes[at + j] = (byte) (c[4 * j] | c[4 * j + 1] << 2 | c[4 * j + 2] << 4 | c[4 * j + 3] << 6);
            }
        }
    }

    /** {@link Rtn#range}'s result, the same long, a vector at a time; len a multiple of {@link #LANES}. */
    static long range(float[] x, int off, int len) {
        IntVector positive = IntVector.zero(INTS);
        IntVector negative = positive;
        for (int j = 0; j < len; j += LANES) {
            IntVector b = FloatVector.fromArray(FLOATS, x, off + j).reinterpretAsInts();
            positive = positive.max(b);
            negative = negative.max(b.lanewise(VectorOperators.XOR, 0x80000000));
        }
        return (long) negative.reduceLanes(VectorOperators.MAX) << 32
                | (positive.reduceLanes(VectorOperators.MAX) & 0xffffffffL);
    }
}
