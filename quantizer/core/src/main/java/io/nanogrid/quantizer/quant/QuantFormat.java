package io.nanogrid.quantizer.quant;

import io.nanogrid.onnx.WeightBits;

/**
 * The quantization formats as one table of constants. A block of weights is stored as unsigned
 * codes q in [0, qmax], one float scale, and (asymmetric only) an integer zero point z in
 * [0, qmax] packed with the same number of bits; a weight is dequantized as (q - z) * scale.
 * Symmetric formats store no zero point: z is 2^(bits-1), the default of ONNX Runtime's
 * MatMulNBits and GatherBlockQuantized, so codes span [-2^(bits-1), 2^(bits-1) - 1] around zero
 * and the scale's sign decides which side gets the extra level (as in ggml's Q4_0).
 *
 * <p>Rounding is to nearest, ties to even ({@link Math#rint}). The search
 * ({@link QuantMethod#SEARCH}) runs two rounds of four candidates. Round one tries the format's
 * clip factors: multiples of the round-to-nearest inverse scale (fewer bits gain from clipping
 * harder). Round two starts from the best fitted scale s and tries 1/s times
 * {@link #refineMultiplier} with the zero point moved by {@link #refineZeroStep} (asymmetric
 * formats try the zero point one step either way). The constants were tuned on Gaussian data
 * (see quant-bench) and are part of the format's definition.
 */
public enum QuantFormat {
    INT8_SYMMETRIC(8, true, new float[] {0.98f, 1.0f, 1.02f, 1.04f}),
    INT8_ASYMMETRIC(8, false, new float[] {1.0f, 1.02f, 1.04f, 1.06f}),
    INT4_SYMMETRIC(4, true, new float[] {0.9f, 1.0f, 1.1f, 1.2f}),
    INT4_ASYMMETRIC(4, false, new float[] {0.9f, 1.05f, 1.2f, 1.35f}),
    INT2_SYMMETRIC(2, true, new float[] {0.9f, 1.1f, 1.3f, 1.5f}),
    INT2_ASYMMETRIC(2, false, new float[] {1.0f, 1.3f, 1.6f, 1.9f});

    /** Bits of one stored scale (float32: the scales must have the model's float type). */
    public static final int SCALE_BITS = 32;
    /** Candidates per search round. */
    public static final int CANDIDATES = 4;
    /**
     * The search's sum(x k) is taken in this many interleaved float partial sums: value i of a block
     * goes into partial i mod 8 (the product x k rounded to float, then added: never a fused
     * multiply-add), and the partials are added in the fixed order of {@link #sumPartials}. One
     * order for the reference, the scalar fast path and the vector kernel alike, so that all three
     * give the same float sums bit for bit; 8 is a 256-bit vector of floats, lane j holding
     * partial j.
     */
    public static final int SUM_LANES = 8;
    /** Search rounds after the first. */
    public static final int REFINE_ROUNDS = 1;
    private static final float[][] REFINE_MULTIPLIERS_ASYMMETRIC = {{1, 1, 1, 0.97f}};
    private static final int[][] REFINE_ZERO_STEPS_ASYMMETRIC = {{0, -1, 1, 0}};
    private static final float[][] REFINE_MULTIPLIERS_SYMMETRIC = {{1, 1.03f, 0.97f, 1.06f}};
    private static final int[][] REFINE_ZERO_STEPS_SYMMETRIC = {{0, 0, 0, 0}};
    /**
     * Inverse scales that would map a block's largest magnitude beyond this are not used: codes
     * are rounded exactly only below 2^22 (see {@link #quantize}).
     */
    public static final float MAX_SCALED = 1 << 21;

    private final int bits;
    private final boolean symmetric;
    private final float[] clipFactors;

    QuantFormat(int bits, boolean symmetric, float[] clipFactors) {
        this.bits = bits;
        this.symmetric = symmetric;
        this.clipFactors = clipFactors;
    }

    public static QuantFormat of(int bits, boolean symmetric) {
        for (QuantFormat f : values()) {
            if (f.bits == bits && f.symmetric == symmetric) {
                return f;
            }
        }
        throw new IllegalArgumentException("no " + bits + "-bit format; expected " + WeightBits.listed());
    }

    public int bits() {
        return bits;
    }

    public boolean symmetric() {
        return symmetric;
    }

    /** The largest code: 2^bits - 1. */
    public int qmax() {
        return (1 << bits) - 1;
    }

    /** The implicit zero point of symmetric formats: 2^(bits-1). */
    public int mid() {
        return 1 << (bits - 1);
    }

    /** Round one of the search: multiples of the round-to-nearest inverse scale. */
    public float clipFactor(int candidate) {
        return clipFactors[candidate];
    }

    /** Refinement rounds: multiples of the inverse of the best fitted scale so far. */
    public float refineMultiplier(int round, int candidate) {
        return (symmetric ? REFINE_MULTIPLIERS_SYMMETRIC : REFINE_MULTIPLIERS_ASYMMETRIC)[round][candidate];
    }

    /** Refinement rounds: the step added to the best zero point so far (clamped to [0, qmax]). */
    public int refineZeroStep(int round, int candidate) {
        return (symmetric ? REFINE_ZERO_STEPS_SYMMETRIC : REFINE_ZERO_STEPS_ASYMMETRIC)[round][candidate];
    }

    /** Bytes that one block's codes take when packed (low bits first). */
    public int blobBytes(int block) {
        return (block * bits + 7) / 8;
    }

    /** Stored bits per weight for full blocks: codes, the float scale and the packed zero point. */
    public double bitsPerWeight(int block) {
        return bits + (double) SCALE_BITS / block + (symmetric ? 0 : (double) bits / block);
    }

    /**
     * The code rint(value * inverseScale) + zeroPoint, clamped to [0, qmax]; the product is rounded
     * to float first and must stay below 2^22 in magnitude.
     */
    public int quantize(float value, float inverseScale, int zeroPoint) {
        float t = value * inverseScale;
        int q = (int) Math.rint(t) + zeroPoint;
        return q < 0 ? 0 : Math.min(q, qmax());
    }

    /**
     * The search's sum of {@link #SUM_LANES} partial sums p[at..at+7]: ((p0 + p4) + (p2 + p6)) + ((p1 + p5) +
     * (p3 + p7)), what a vector's halving reduction gives (upper half onto lower half, three times).
     */
    public static float sumPartials(float[] p, int at) {
        return ((p[at] + p[at + 4]) + (p[at + 2] + p[at + 6])) + ((p[at + 1] + p[at + 5]) + (p[at + 3] + p[at + 7]));
    }

    public float dequantize(int code, float scale, int zeroPoint) {
        return (code - zeroPoint) * scale;
    }
}
