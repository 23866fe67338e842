package io.nanogrid.quantizer.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search's vector kernel (VectorSearch) against the reference and the scalar loop: the same float sums bit for
 * bit (on data whose sums do depend on the order of addition), and the same candidate chosen where candidates tie.
 */
class VectorSearchTest {
    private static final int[] LENGTHS = {8, 16, 32, 64, 128, 256};

    @BeforeAll
    static void vectorKernelPresent() {
        assertTrue(FastQuantizer.VECTOR, "surefire's argLine adds jdk.incubator.vector");
        assumeTrue(VectorSearch.usable(), "this machine's vectors hold fewer than 8 floats: the search runs scalar");
    }

    /** Values of mixed magnitudes (10^-3 to 10^3 within a block), so that float sums depend on their order. */
    private static float[] mixed(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        return x;
    }

    @Test
    void sumsEqualTheReferenceBitForBitAndDependOnTheOrder() {
        Random r = new Random(17);
        int orderMatters = 0;
        int checked = 0;
        for (QuantFormat f : QuantFormat.values()) {
            for (int len : LENGTHS) {
                FastQuantizer.Kernel vector = new FastQuantizer.Kernel(f, len, true);
                FastQuantizer.Kernel scalar = new FastQuantizer.Kernel(f, len, false);
                for (int t = 0; t < 200; t++) {
                    float[] x = mixed(r, len);
                    float[] inv = new float[QuantFormat.CANDIDATES];
                    int[] z = new int[QuantFormat.CANDIDATES];
                    float magnitude = 0;
                    for (float v : x) {
                        magnitude = Math.max(magnitude, Math.abs(v));
                    }
                    for (int c = 0; c < inv.length; c++) {
                        // from clipping hard to not at all, either sign, any zero point
                        inv[c] = (float) ((r.nextBoolean() ? 1 : -1) * f.mid() / magnitude * Math.pow(10, r.nextDouble() * 3));
                        z[c] = f.symmetric() ? f.mid() : r.nextInt(f.qmax() + 1);
                    }
                    vector.candidates(inv, z);
                    scalar.candidates(inv, z);
                    vector.sums(x, 0, len);
                    scalar.sums(x, 0, len);
                    for (int c = 0; c < inv.length; c++) {
                        ReferenceQuantizer.Sums ref = ReferenceQuantizer.sums(x, inv[c], z[c], f);
                        String what = f + " len " + len + " trial " + t + " candidate " + c;
                        assertEquals(Float.floatToRawIntBits(ref.xk()), Float.floatToRawIntBits(vector.sumXk(c)),
                                "vector sum(x k): " + what);
                        assertEquals(ref.k2(), vector.sumK2(c), "vector sum(k^2): " + what);
                        assertEquals(Float.floatToRawIntBits(ref.xk()), Float.floatToRawIntBits(scalar.sumXk(c)),
                                "scalar sum(x k): " + what);
                        assertEquals(ref.k2(), scalar.sumK2(c), "scalar sum(k^2): " + what);
                        if (runningSum(x, inv[c], z[c], f) != ref.xk()) {
                            orderMatters++;
                        }
                        checked++;
                    }
                }
            }
        }
        // the check has teeth: one running sum (or any other order) gives other bits on much of this data
        assertTrue(orderMatters > checked / 10, orderMatters + " of " + checked + " sums depend on the order");
    }

    private static float runningSum(float[] x, float inverse, int zero, QuantFormat f) {
        float s = 0;
        for (float v : x) {
            s += v * (f.quantize(v, inverse, zero) - zero);
        }
        return s;
    }

    /**
     * Blocks of three levels {-e, 0, e} at 2 bits symmetric: every candidate of both rounds assigns the same codes, so
     * all tie and the first of round one must win. Then blocks of a few levels in every format, where ties are common,
     * and Gaussian blocks: the vector and scalar kernels choose the reference's candidate (inverse scale, zero point,
     * scale).
     */
    @Test
    void theFirstCandidateWinsTiesAsInTheReference() {
        QuantFormat two = QuantFormat.INT2_SYMMETRIC;
        float[] levels = new float[32];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (i % 3 - 1) * 0.375f;
        }
        ReferenceQuantizer.Candidate ref = ReferenceQuantizer.choose(levels, two);
        assertEquals(-two.mid() / 0.375f * two.clipFactor(0), ref.inverseScale(), "the reference keeps the first");
        for (boolean vector : new boolean[] {true, false}) {
            FastQuantizer.Kernel k = new FastQuantizer.Kernel(two, 32, vector);
            k.search(levels, 0, 32);
            assertEquals(ref.inverseScale(), k.inverse(), "vector " + vector);
        }
        Random r = new Random(3);
        for (QuantFormat f : QuantFormat.values()) {
            for (int len : LENGTHS) {
                FastQuantizer.Kernel vector = new FastQuantizer.Kernel(f, len, true);
                FastQuantizer.Kernel scalar = new FastQuantizer.Kernel(f, len, false);
                for (int t = 0; t < 300; t++) {
                    float[] x = new float[len];
                    int n = 2 + r.nextInt(4);
                    float step = (float) Math.exp(r.nextGaussian());
                    for (int i = 0; i < len; i++) {
                        x[i] = t % 3 == 0 ? (float) r.nextGaussian() : (r.nextInt(n) - n / 2) * step;
                    }
                    ReferenceQuantizer.Candidate want = ReferenceQuantizer.choose(x, f);
                    if (want == null) {
                        continue;
                    }
                    for (FastQuantizer.Kernel k : new FastQuantizer.Kernel[] {vector, scalar}) {
                        k.search(x, 0, len);
                        String what = f + " len " + len + " trial " + t + (k == vector ? " vector" : " scalar");
                        assertEquals(want.inverseScale(), k.inverse(), what);
                        assertEquals(want.zero(), k.zero, what);
                        assertEquals((float) want.scale(), k.scale, what);
                    }
                }
            }
        }
    }
}
