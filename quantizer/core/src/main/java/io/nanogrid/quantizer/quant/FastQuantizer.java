package io.nanogrid.quantizer.quant;

/**
 * The fast path of {@link ReferenceQuantizer}: the same arithmetic in the same order, so the same
 * codes, scales and zero points (tested), but block by block without allocating, the four
 * candidates of a search round evaluated in one pass over the block (four independent sums keep
 * the core busy where one would wait on each addition), no second pass to measure an error (the
 * least-squares gain comes from the running sums), and codes packed as they are assigned.
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

    /** "vector (16 floats)" or "scalar": the round-to-nearest kernel this JVM runs, for reports. */
    public static String rtnKernel() {
        return VECTOR ? "vector (" + VectorRtn.LANES + " floats)" : "scalar";
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
            if (VECTOR && VectorRtn.fits(cols, block)) {
                VectorRtn.quantize(values, rows, cols, block, f, codes, scales, zeros);
            } else {
                Rtn.quantize(values, rows, cols, block, f, codes, scales, zeros);
            }
            return new QuantizedMatrix(rows, cols, block, f, codes, scales, zeros);
        }
        Kernel k = new Kernel(f, block);
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

    /** Per-call scratch and the current block's result. */
    private static final class Kernel {
        private final QuantFormat f;
        private final int bits;
        private final int qmax;
        private final int mid;
        private final int block;
        private final int[] q;
        private final float[] clip = new float[QuantFormat.CANDIDATES];
        private final float[] inverses = new float[QuantFormat.CANDIDATES];
        private final int[] zs = new int[QuantFormat.CANDIDATES];
        private final float[] sumXk = new float[QuantFormat.CANDIDATES];
        private final int[] sumK2 = new int[QuantFormat.CANDIDATES];
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

        Kernel(QuantFormat f, int block) {
            this.f = f;
            this.bits = f.bits();
            this.qmax = f.qmax();
            this.mid = f.mid();
            this.block = block;
            this.q = new int[block];
            for (int c = 0; c < clip.length; c++) {
                clip[c] = f.clipFactor(c);
            }
        }

        void search(float[] x, int off, int len) {
            long range = Rtn.range(x, off, len);
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

        private int clamp(int z) {
            return z < 0 ? 0 : Math.min(z, qmax);
        }

        /** The four candidates in inverses/zs, in one pass; the best is kept (the first on ties). */
        private void evaluate(float[] x, int off, int len) {
            float i0 = inverses[0];
            float i1 = inverses[1];
            float i2 = inverses[2];
            float i3 = inverses[3];
            int lo0 = -zs[0];
            int lo1 = -zs[1];
            int lo2 = -zs[2];
            int lo3 = -zs[3];
            int hi0 = qmax + lo0;
            int hi1 = qmax + lo1;
            int hi2 = qmax + lo2;
            int hi3 = qmax + lo3;
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            int b0 = 0;
            int b1 = 0;
            int b2 = 0;
            int b3 = 0;
            for (int i = off, end = off + len; i < end; i++) {
                float v = x[i];
                int k0 = Math.max(lo0, Math.min(hi0, Float.floatToRawIntBits(v * i0 + MAGIC) - MAGIC_BITS));
                int k1 = Math.max(lo1, Math.min(hi1, Float.floatToRawIntBits(v * i1 + MAGIC) - MAGIC_BITS));
                int k2 = Math.max(lo2, Math.min(hi2, Float.floatToRawIntBits(v * i2 + MAGIC) - MAGIC_BITS));
                int k3 = Math.max(lo3, Math.min(hi3, Float.floatToRawIntBits(v * i3 + MAGIC) - MAGIC_BITS));
                a0 += v * k0;
                a1 += v * k1;
                a2 += v * k2;
                a3 += v * k3;
                b0 += k0 * k0;
                b1 += k1 * k1;
                b2 += k2 * k2;
                b3 += k3 * k3;
            }
            sumXk[0] = a0;
            sumXk[1] = a1;
            sumXk[2] = a2;
            sumXk[3] = a3;
            sumK2[0] = b0;
            sumK2[1] = b1;
            sumK2[2] = b2;
            sumK2[3] = b3;
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

        /** Assigns the block's codes with its inverse scale and zero point and packs them at byte {@code at}. */
        void write(float[] x, int off, int len, byte[] out, int at) {
            float inv = inverse;
            int shift = MAGIC_BITS - zero;
            int top = qmax;
            int[] c = q;
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
