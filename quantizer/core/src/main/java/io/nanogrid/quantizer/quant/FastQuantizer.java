package io.nanogrid.quantizer.quant;

/**
 * The fast path of {@link ReferenceQuantizer}: the same arithmetic in the same order, so the same
 * codes, scales and zero points (tested), but block by block without allocating, each candidate's
 * sums in the reference's eight interleaved partial sums (eight independent additions keep the core
 * busy where one running sum would wait on each), no second pass to measure an error (the
 * least-squares gain comes from the sums), and codes packed as they are assigned. With the vector
 * API, {@link VectorRtn} and {@link VectorSearch} run the same arithmetic on vectors.
 */
public final class FastQuantizer implements BlockQuantizer {
    /**
     * Rounding to nearest (ties to even) without a float-to-int conversion: adding 1.5 * 2^23
     * leaves rint(t) in the low bits of the float's mantissa, for |t| < 2^22.
     */
    static final float MAGIC = 12582912f;
    static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    /**
     * True when the JVM was started with the vector API (--add-modules jdk.incubator.vector): round-to-nearest
     * then runs {@link VectorRtn}, about three times faster, same results. {@link VectorRtn} is loaded only then.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("nanogrid.quant.scalar");

    /**
     * True when the search's sums run {@link VectorSearch} (the vector API is present and this machine has vectors
     * of at least {@link QuantFormat#SUM_LANES} floats). Same sums bit for bit as the scalar loop.
     */
    static final boolean VECTOR_SEARCH = VECTOR && VectorSearch.usable();

    /** "vector (16 floats)" or "scalar": the round-to-nearest kernel this JVM runs, for reports. */
    public static String rtnKernel() {
        return VECTOR ? "vector (" + VectorRtn.LANES + " floats)" : "scalar";
    }

    private final boolean vector;

    /** The fastest kernels this JVM has. */
    public FastQuantizer() {
        this(VECTOR);
    }

    /** With vector false, the scalar kernels even where the vector API is present (for the tests and comparisons). */
    FastQuantizer(boolean vector) {
        this.vector = vector && VECTOR;
    }

    /** "vector (8 floats)" or "scalar": the search's kernel in this JVM, for reports. */
    public static String searchKernel() {
        return VECTOR_SEARCH ? "vector (" + QuantFormat.SUM_LANES + " floats)" : "scalar";
    }

    @Override
    public QuantizedMatrix quantize(float[] values, int rows, int cols, QuantSpec spec) {
        if ((long) rows * cols > values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill " + rows + "x" + cols);
        }
        QuantFormat f = spec.format();
        int block = spec.block();
        int nb = QuantizedMatrix.blocksPerRow(cols, block);
        int blob = f.blobBytes(block);
        byte[] codes = new byte[Math.multiplyExact(rows * nb, blob)];
        float[] scales = new float[rows * nb];
        byte[] zeros = f.symmetric() ? null : new byte[rows * nb];
        if (spec.method() == QuantMethod.RTN) {
            if (vector && VectorRtn.fits(cols, block)) {
                VectorRtn.quantize(values, rows, cols, block, f, codes, scales, zeros);
            } else {
                Rtn.quantize(values, rows, cols, block, f, codes, scales, zeros);
            }
            return new QuantizedMatrix(rows, cols, block, f, codes, scales, zeros);
        }
        Kernel k = new Kernel(f, block, vector && VECTOR_SEARCH);
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < nb; b++) {
                int off = r * cols + b * block;
                int len = Math.min(block, cols - b * block);
                int i = r * nb + b;
                k.search(values, off, len);
                k.write(values, off, len, codes, i * blob);
                scales[i] = k.scale;
                if (zeros != null) {
                    zeros[i] = (byte) k.zero;
                }
            }
        }
        return new QuantizedMatrix(rows, cols, block, f, codes, scales, zeros);
    }

    /** Per-call scratch and the current block's result (package-private for the tests). */
    static final class Kernel {
        private final QuantFormat f;
        private final int bits;
        private final int qmax;
        private final int mid;
        private final int block;
        private final int[] q;
        private final byte[] pairs;
        private final float[] clip = new float[QuantFormat.CANDIDATES];
        private final float[] inverses = new float[QuantFormat.CANDIDATES];
        private final int[] zs = new int[QuantFormat.CANDIDATES];
        private final float[] sumXk = new float[QuantFormat.CANDIDATES];
        private final int[] sumK2 = new int[QuantFormat.CANDIDATES];
        /** Partial sums: the scalar path's last few values, the vector path's lanes. */
        private final float[] partials = new float[QuantFormat.CANDIDATES * QuantFormat.SUM_LANES];
        private final boolean vector;
        // the block's result: scale, zero point and the inverse scale the codes are assigned with
        float scale;
        int zero;
        private float inverse;
        // the search's best candidate so far
        private double bestGain;
        private double bestScale;
        private float bestInverse;
        private int bestZero;
        private float magnitude;

        Kernel(QuantFormat f, int block, boolean vector) {
            this.vector = vector;
            this.f = f;
            this.bits = f.bits();
            this.qmax = f.qmax();
            this.mid = f.mid();
            this.block = block;
            this.q = new int[block];
            this.pairs = new byte[block / 2];
            for (int c = 0; c < clip.length; c++) {
                clip[c] = f.clipFactor(c);
            }
        }

        /** True when the block is whole and VectorRtn's range and codes take it. */
        private boolean vectorBlock(int len) {
            return vector && len == block && block % VectorRtn.LANES == 0;
        }

        void search(float[] x, int off, int len) {
            long range = vectorBlock(len) ? VectorRtn.range(x, off, len) : Rtn.range(x, off, len);
            float min = Rtn.low(range);
            float max = Rtn.high(range);
            boolean sym = f.symmetric();
            if (max == min) {
                scale = 0;
                zero = sym ? mid : 0;
                inverse = 0;
                return;
            }
            float center = (max + min) / 2;
            float base = sym ? -mid / (max >= -min ? max : min) : qmax / (max - min);
            magnitude = Math.max(max, -min);
            for (int c = 0; c < QuantFormat.CANDIDATES; c++) {
                float inv = base * clip[c];
                inverses[c] = inv;
                zs[c] = sym ? mid : clamp((int) Math.floor(qmax / 2f - center * inv + 0.5f));
            }
            bestGain = -1;
            bestScale = 0;
            bestInverse = 0;
            bestZero = sym ? mid : 0;
            evaluate(x, off, len);
            for (int round = 0; round < QuantFormat.REFINE_ROUNDS && bestScale != 0; round++) {
                float inv = (float) (1 / bestScale);
                int z = bestZero;
                for (int c = 0; c < QuantFormat.CANDIDATES; c++) {
                    inverses[c] = inv * f.refineMultiplier(round, c);
                    zs[c] = clamp(z + f.refineZeroStep(round, c));
                }
                evaluate(x, off, len);
            }
            scale = (float) bestScale;
            zero = bestZero;
            inverse = bestInverse;
        }

        /** The block's inverse scale: which candidate won (the tests compare it with the reference's). */
        float inverse() {
            return inverse;
        }

        /** The last sums of candidate c (for the tests). */
        float sumXk(int c) {
            return sumXk[c];
        }

        int sumK2(int c) {
            return sumK2[c];
        }

        /** Sets the four candidates to evaluate (for the tests). */
        void candidates(float[] inv, int[] z) {
            System.arraycopy(inv, 0, inverses, 0, QuantFormat.CANDIDATES);
            System.arraycopy(z, 0, zs, 0, QuantFormat.CANDIDATES);
        }

        private int clamp(int z) {
            return z < 0 ? 0 : Math.min(z, qmax);
        }

        /** The four candidates in inverses/zs; the best is kept (the first on ties). */
        private void evaluate(float[] x, int off, int len) {
            sums(x, off, len);
            for (int c = 0; c < QuantFormat.CANDIDATES; c++) {
                if (!(Math.abs(inverses[c]) * magnitude < QuantFormat.MAX_SCALED)) {
                    continue;
                }
                float sxk = sumXk[c];
                int sk2 = sumK2[c];
                double gain = sk2 > 0 ? (double) sxk * sxk / sk2 : 0;
                if (gain > bestGain) {
                    bestGain = gain;
                    bestScale = sk2 > 0 ? (double) sxk / sk2 : 0;
                    bestInverse = inverses[c];
                    bestZero = zs[c];
                }
            }
        }

        /** sum(x k) and sum(k^2) of the four candidates in inverses/zs, into sumXk/sumK2. */
        void sums(float[] x, int off, int len) {
            if (vector && (len & (QuantFormat.SUM_LANES - 1)) == 0) {
                VectorSearch.sums(x, off, len, inverses, zs, qmax, sumXk, sumK2, partials);
                return;
            }
            for (int c = 0; c < QuantFormat.CANDIDATES; c++) {
                scalarSums(x, off, len, c);
            }
        }

        /**
         * One candidate's sums in the order {@link ReferenceQuantizer} defines: value i into partial i mod 8
         * (eight independent additions keep the core busy where one running sum would wait on each).
         */
        private void scalarSums(float[] x, int off, int len, int c) {
            float inv = inverses[c];
            int lo = -zs[c];
            int hi = qmax + lo;
            float p0 = 0;
            float p1 = 0;
            float p2 = 0;
            float p3 = 0;
            float p4 = 0;
            float p5 = 0;
            float p6 = 0;
            float p7 = 0;
            int s0 = 0;
            int s1 = 0;
            int i = off;
            for (int end = off + (len & ~7); i < end; i += 8) {
                float v0 = x[i];
                float v1 = x[i + 1];
                float v2 = x[i + 2];
                float v3 = x[i + 3];
                float v4 = x[i + 4];
                float v5 = x[i + 5];
                float v6 = x[i + 6];
                float v7 = x[i + 7];
                int k0 = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v0 * inv + MAGIC) - MAGIC_BITS));
                int k1 = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v1 * inv + MAGIC) - MAGIC_BITS));
                int k2 = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v2 * inv + MAGIC) - MAGIC_BITS));
                int k3 = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v3 * inv + MAGIC) - MAGIC_BITS));
                int k4 = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v4 * inv + MAGIC) - MAGIC_BITS));
                int k5 = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v5 * inv + MAGIC) - MAGIC_BITS));
                int k6 = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v6 * inv + MAGIC) - MAGIC_BITS));
                int k7 = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v7 * inv + MAGIC) - MAGIC_BITS));
                p0 += v0 * k0;
                p1 += v1 * k1;
                p2 += v2 * k2;
                p3 += v3 * k3;
                p4 += v4 * k4;
                p5 += v5 * k5;
                p6 += v6 * k6;
                p7 += v7 * k7;
                s0 += k0 * k0 + k1 * k1 + k2 * k2 + k3 * k3;
                s1 += k4 * k4 + k5 * k5 + k6 * k6 + k7 * k7;
            }
            float[] p = partials;
            p[0] = p0;
            p[1] = p1;
            p[2] = p2;
            p[3] = p3;
            p[4] = p4;
            p[5] = p5;
            p[6] = p6;
            p[7] = p7;
            for (int j = 0, end = off + len; i < end; i++, j++) { // a short block's last values: partials 0..6
                float v = x[i];
                int k = Math.max(lo, Math.min(hi, Float.floatToRawIntBits(v * inv + MAGIC) - MAGIC_BITS));
                p[j] += v * k;
                s0 += k * k;
            }
            sumXk[c] = QuantFormat.sumPartials(p, 0);
            sumK2[c] = s0 + s1;
        }

        /** Assigns the block's codes with its inverse scale and zero point and packs them at byte {@code at}. */
        void write(float[] x, int off, int len, byte[] out, int at) {
            float inv = inverse;
            int shift = MAGIC_BITS - zero;
            int top = qmax;
            int[] c = q;
            if (vectorBlock(len)) {
                VectorRtn.codes(x, off, len, inv, zero, bits, true, out, at, c, pairs);
                return;
            }
            if (bits == 4 && (len & 1) == 0) {
                for (int j = 0, n = len >> 1; j < n; j++) {
                    int c0 = Math.max(0, Math.min(top, Float.floatToRawIntBits(x[off + 2 * j] * inv + MAGIC) - shift));
                    int c1 = Math.max(0, Math.min(top, Float.floatToRawIntBits(x[off + 2 * j + 1] * inv + MAGIC)
                            - shift));
                    out[at + j] = (byte) (c0 | c1 << 4);
                }
                if (len < block) {
                    padFrom(len, out, at);
                }
                return;
            }
            for (int i = 0; i < len; i++) {
                c[i] = Math.max(0, Math.min(top, Float.floatToRawIntBits(x[off + i] * inv + MAGIC) - shift));
            }
            for (int i = len; i < block; i++) {
                c[i] = zero;
            }
            if (bits == 2 && (block & 3) == 0) {
                for (int j = 0, n = block >> 2; j < n; j++) {
                    out[at + j] = (byte) (c[4 * j] | c[4 * j + 1] << 2 | c[4 * j + 2] << 4 | c[4 * j + 3] << 6);
                }
            } else if (bits == 8) {
                for (int j = 0; j < block; j++) {
                    out[at + j] = (byte) c[j];
                }
            } else {
                BitPacking.pack(c, 0, block, bits, out, (long) at * 8 / bits);
            }
        }

        /** Fills codes len..block of a 4-bit blob with the zero point. */
        private void padFrom(int len, byte[] out, int at) {
            for (int i = len; i < block; i++) {
                BitPacking.put(out, (long) at * 2 + i, 4, zero);
            }
        }
    }
}
