package io.nanogrid.quantizer.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path gives exactly the reference's codes, scales and zero points, on awkward data too. */
class QuantizersTest {
    private static final int[] BLOCKS = {16, 32, 128, 256, 25, 7};

    static List<QuantSpec> allSpecs(int block) {
        List<QuantSpec> specs = new ArrayList<>();
        for (int bits : new int[] {8, 4, 2}) {
            for (QuantMethod m : QuantMethod.values()) {
                for (boolean sym : new boolean[] {true, false}) {
                    specs.add(new QuantSpec(bits, block, m, sym));
                }
            }
        }
        return specs;
    }

    static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Rows of awkward blocks: zeros, negative zeros, constants, one outlier, all positive, tiny, huge, subnormal. */
    static float[] awkward(int cols, long seed) {
        Random r = new Random(seed);
        int rows = 10;
        float[] x = new float[rows * cols];
        for (int c = 0; c < cols; c++) {
            x[c] = 0f;
            x[cols + c] = c % 2 == 0 ? -0.0f : 0f;
            x[2 * cols + c] = 0.75f;
            x[3 * cols + c] = c == cols / 2 ? 40f : (float) r.nextGaussian() * 0.01f;
            x[4 * cols + c] = (float) Math.abs(r.nextGaussian()) + 0.5f;
            x[5 * cols + c] = (float) r.nextGaussian() * 1e-30f;
            x[6 * cols + c] = (float) r.nextGaussian() * 1e30f;
            x[7 * cols + c] = -(float) Math.abs(r.nextGaussian());
            x[8 * cols + c] = (r.nextInt(5) - 2) * 0.25f;
            x[9 * cols + c] = (float) r.nextGaussian() * 1e-40f; // subnormal
        }
        return x;
    }

    @Test
    void fastEqualsReferenceOnGaussianData() {
        BlockQuantizer ref = new ReferenceQuantizer();
        BlockQuantizer fast = new FastQuantizer();
        for (int block : BLOCKS) {
            int cols = block * 3 + block / 2 + 1; // a short last block in every row
            float[] x = gaussian(7 * cols, block);
            for (QuantSpec spec : allSpecs(block)) {
                assertEquals(ref.quantize(x, 7, cols, spec), fast.quantize(x, 7, cols, spec), spec.describe());
            }
        }
    }

    /**
     * The build runs these tests with the vector API, so FastQuantizer's round-to-nearest is VectorRtn here, and the
     * search's sums are VectorSearch's where this machine has vectors of 8 floats.
     */
    @Test
    void theVectorKernelRunsInTheseTests() {
        assertTrue(FastQuantizer.VECTOR, "surefire's argLine adds jdk.incubator.vector");
        assertEquals(VectorSearch.usable(), FastQuantizer.VECTOR_SEARCH);
        assertTrue(VectorRtn.fits(VectorRtn.LANES * 4, VectorRtn.LANES * 2));
        assertFalse(VectorRtn.fits(VectorRtn.LANES * 5, VectorRtn.LANES * 2), "a short last block: scalar");
    }

    /**
     * The scalar kernels, which run where the JVM has no vector API, on the shapes VectorRtn and VectorSearch take
     * here (whole blocks, multiples of 8 and 16), for both methods.
     */
    @Test
    void scalarAndVectorKernelsEqualTheReferenceOnWholeBlocks() {
        BlockQuantizer ref = new ReferenceQuantizer();
        BlockQuantizer fast = new FastQuantizer();
        BlockQuantizer scalar = new FastQuantizer(false);
        for (int block : BLOCKS) {
            for (float[] x : List.of(gaussian(6 * block * 2, block), awkward(block * 2, block + 3))) {
                int rows = x.length / (block * 2);
                for (QuantSpec spec : allSpecs(block)) {
                    QuantizedMatrix a = ref.quantize(x, rows, block * 2, spec);
                    assertEquals(a, fast.quantize(x, rows, block * 2, spec), "fast: " + spec.describe());
                    assertEquals(a, scalar.quantize(x, rows, block * 2, spec), "scalar: " + spec.describe());
                    if (spec.method() == QuantMethod.RTN) {
                        assertEquals(a, scalarRtn(x, rows, block * 2, spec), "scalar rtn: " + spec.describe());
                    }
                }
            }
        }
    }

    private static QuantizedMatrix scalarRtn(float[] x, int rows, int cols, QuantSpec spec) {
        QuantFormat f = spec.format();
        int blocks = rows * QuantizedMatrix.blocksPerRow(cols, spec.block());
        byte[] codes = new byte[blocks * f.blobBytes(spec.block())];
        float[] scales = new float[blocks];
        byte[] zeros = f.symmetric() ? null : new byte[blocks];
        Rtn.quantize(x, rows, cols, spec.block(), f, codes, scales, zeros);
        return new QuantizedMatrix(rows, cols, spec.block(), f, codes, scales, zeros);
    }

    @Test
    void fastEqualsReferenceOnAwkwardBlocks() {
        BlockQuantizer ref = new ReferenceQuantizer();
        BlockQuantizer fast = new FastQuantizer();
        for (int block : BLOCKS) {
            float[] x = awkward(block, 7 + block);
            for (QuantSpec spec : allSpecs(block)) {
                QuantizedMatrix a = ref.quantize(x, 10, block, spec);
                QuantizedMatrix b = fast.quantize(x, 10, block, spec);
                assertEquals(a, b, spec.describe());
                float[] d = b.dequantize();
                for (int c = 0; c < block; c++) {
                    assertEquals(0f, d[c], 0f, "zeros stay zero: " + spec.describe());
                    assertEquals(0f, d[block + c], 0f, "negative zeros stay zero: " + spec.describe());
                }
                for (float v : d) {
                    assertTrue(Float.isFinite(v), spec.describe());
                }
            }
        }
    }

    @Test
    void fastEqualsReferenceOnManySmallBlocksOfEveryShape() {
        // ranges of every sign: all negative with max exactly 0, all positive, straddling, tiny, shifted
        Random r = new Random(11);
        BlockQuantizer ref = new ReferenceQuantizer();
        BlockQuantizer fast = new FastQuantizer();
        for (int t = 0; t < 3000; t++) {
            int block = new int[] {16, 32, 64}[r.nextInt(3)];
            int cols = block * (1 + r.nextInt(2));
            float lo = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
            float width = (float) Math.abs(r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = lo + width * r.nextFloat();
                if (t % 7 == 0) {
                    x[i] = -Math.abs(x[i]);
                }
            }
            if (t % 11 == 0) {
                x[r.nextInt(cols)] = 0f;
            }
            for (QuantSpec spec : allSpecs(block)) {
                if (spec.method() == QuantMethod.RTN || t % 10 == 0) {
                    assertEquals(ref.quantize(x, 1, cols, spec), fast.quantize(x, 1, cols, spec), spec.describe());
                }
            }
        }
    }

    /**
     * Blocks whose codes round to qmax + 1 before the upper clamp (the fast path clamps them without a
     * compare): a value opposite the extreme with the same magnitude (symmetric), and ranges whose
     * top and zero point both round up (asymmetric, min = -k/2 steps).
     */
    @Test
    void codesThatRoundPastTheTopAreClampedAsTheReferenceClampsThem() {
        BlockQuantizer ref = new ReferenceQuantizer();
        BlockQuantizer fast = new FastQuantizer();
        Random r = new Random(5);
        for (int t = 0; t < 200; t++) {
            int block = 32;
            float m = (float) Math.exp(r.nextGaussian());
            float[] x = new float[block];
            for (int i = 0; i < block; i++) {
                x[i] = (r.nextFloat() * 2 - 1) * m;
            }
            x[0] = m;
            x[1] = -m;
            x[2] = -m * (r.nextInt(31) + 0.5f) / 31;
            for (QuantSpec spec : allSpecs(block)) {
                QuantizedMatrix a = ref.quantize(x, 1, block, spec);
                assertEquals(a, fast.quantize(x, 1, block, spec), spec.describe());
                for (int i = 0; i < block; i++) {
                    assertTrue(a.code(0, i) <= spec.format().qmax());
                }
            }
        }
    }

    @Test
    void codesStayInRangeAndPaddingDequantizesToZero() {
        int cols = 40; // block 32: the second block of each row has 8 values and 24 padding codes
        float[] x = gaussian(3 * cols, 5);
        for (QuantSpec spec : allSpecs(32)) {
            QuantizedMatrix q = new FastQuantizer().quantize(x, 3, cols, spec);
            QuantFormat f = q.format();
            for (int r = 0; r < 3; r++) {
                for (int i = 0; i < 32; i++) {
                    long index = (long) (r * 2 + 1) * f.blobBytes(32) * 8 / f.bits() + i;
                    int code = BitPacking.get(q.packedCodes(), index, f.bits());
                    assertTrue(code >= 0 && code <= f.qmax());
                    if (i >= 8) {
                        assertEquals(q.zeroPoint(r, 1), code, "padding holds the zero point: " + spec.describe());
                    }
                }
            }
        }
    }

    @Test
    void packingRoundTripsLowBitsFirst() {
        assertEquals(0x21, BitPacking.pack(new int[] {1, 2}, 4)[0] & 0xff);
        assertEquals(0b11_10_01_00, BitPacking.pack(new int[] {0, 1, 2, 3}, 2)[0] & 0xff);
        Random r = new Random(3);
        for (int bits : new int[] {2, 4, 8}) {
            int[] codes = new int[101];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = r.nextInt(1 << bits);
            }
            byte[] packed = BitPacking.pack(codes, bits);
            assertEquals((101 * bits + 7) / 8, packed.length);
            for (int i = 0; i < codes.length; i++) {
                assertEquals(codes[i], BitPacking.get(packed, i, bits));
            }
        }
    }
}
