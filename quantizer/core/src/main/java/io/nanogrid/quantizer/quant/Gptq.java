package io.nanogrid.quantizer.quant;

/**
 * Calibrated block quantization of a linear layer's weight by GPTQ's error feedback: E. Frantar,
 * S. Ashkboos, T. Hoefler, D. Alistarh, "GPTQ: Accurate Post-Training Quantization for Generative
 * Pre-trained Transformers", ICLR 2023 (arXiv:2210.17323), Algorithm 1, with groups.
 *
 * <p>The weight is a row-major matrix of {@code rows} outputs by {@code cols} inputs (the layout
 * of {@link QuantizedMatrix}: blocks along each row). Columns are quantized one at a time, left to
 * right; the error each column leaves, divided by the diagonal of the Cholesky factor of H^-1, is
 * pushed onto the columns not yet quantized in proportion to that factor's row, so that the layer's
 * output on the calibration inputs (not the weight itself) stays as close as it can. Each block's scale
 * and zero point are chosen when the block's first column is reached, from the block's values as the
 * earlier feedback left them, by the {@link BlockQuantizer} given (round to nearest or the search). H is
 * damped by {@link #DAMP} of its mean diagonal; inputs that were always zero get H_ii = 1 (their
 * weights then do not matter and are quantized plainly).
 */
public final class Gptq {
    /** Fraction of the mean diagonal added to H's diagonal (the paper's 1 %). */
    public static final double DAMP = 0.01;

    private final BlockQuantizer scales;

    public Gptq(BlockQuantizer scales) {
        this.scales = scales;
    }

    public QuantizedMatrix quantize(float[] weights, int rows, int cols, Hessian hessian, QuantSpec spec) {
        if (hessian.k() != cols) {
            throw new IllegalArgumentException("calibration rows of " + hessian.k() + " values for a weight of "
                    + cols + " inputs");
        }
        double[] u = inverseCholesky(hessian.symmetric(), cols);
        float[] w = weights.clone();
        QuantFormat f = spec.format();
        int block = spec.block();
        int nb = QuantizedMatrix.blocksPerRow(cols, block);
        float[] s = new float[rows * nb];
        byte[] zeros = f.symmetric() ? null : new byte[rows * nb];
        int[] codes = new int[rows * cols];
        float[] err = new float[rows];
        for (int b = 0; b < nb; b++) {
            int from = b * block;
            int len = Math.min(block, cols - from);
            float[] group = new float[rows * len];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(w, r * cols + from, group, r * len, len);
            }
            QuantizedMatrix g = scales.quantize(group, rows, len, spec.withBlock(len));
            for (int r = 0; r < rows; r++) {
                s[r * nb + b] = g.scale(r, 0);
                if (zeros != null) {
                    zeros[r * nb + b] = (byte) g.zeroPoint(r, 0);
                }
            }
            for (int c = from; c < from + len; c++) {
                double d = u[c * cols + c];
                for (int r = 0; r < rows; r++) {
                    float scale = s[r * nb + b];
                    int z = zeros == null ? f.mid() : zeros[r * nb + b] & 0xff;
                    float v = w[r * cols + c];
                    int q = scale == 0 ? z : f.quantize(v, 1 / scale, z);
                    codes[r * cols + c] = q;
                    err[r] = (float) ((v - f.dequantize(q, scale, z)) / d);
                }
                for (int r = 0; r < rows; r++) {
                    float e = err[r];
                    if (e == 0) {
                        continue;
                    }
                    int at = r * cols;
                    int ui = c * cols;
                    for (int j = c + 1; j < cols; j++) {
                        w[at + j] -= (float) (e * u[ui + j]);
                    }
                }
            }
        }
        return pack(rows, cols, block, f, codes, s, zeros);
    }

    /** The upper Cholesky factor U of H^-1 (H^-1 = U^T U), H damped first; row-major n x n. */
    static double[] inverseCholesky(double[] h, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += h[i * n + i];
        }
        mean /= n;
        double damp = DAMP * (mean > 0 ? mean : 1);
        for (int i = 0; i < n; i++) {
            if (h[i * n + i] == 0) {
                h[i * n + i] = 1;
            }
            h[i * n + i] += damp;
        }
        double[] l = cholesky(h, n);
        // H^-1 = L^-T L^-1; its upper factor is the reverse-order Cholesky: computed by factoring H^-1 directly
        double[] li = lowerInverse(l, n);
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = i; k < n; k++) {
                    sum += li[k * n + i] * li[k * n + j];
                }
                inv[i * n + j] = sum;
                inv[j * n + i] = sum;
            }
        }
        double[] lower = cholesky(inv, n);
        double[] upper = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                upper[i * n + j] = lower[j * n + i];
            }
        }
        return upper;
    }

    /** Lower Cholesky factor of a symmetric positive definite matrix. */
    static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double sum = a[j * n + j];
            for (int k = 0; k < j; k++) {
                sum -= l[j * n + k] * l[j * n + k];
            }
            if (!(sum > 0)) {
                throw new IllegalStateException("the calibration matrix is not positive definite at column " + j);
            }
            double d = Math.sqrt(sum);
            l[j * n + j] = d;
            for (int i = j + 1; i < n; i++) {
                double t = a[i * n + j];
                int ai = i * n;
                int aj = j * n;
                for (int k = 0; k < j; k++) {
                    t -= l[ai + k] * l[aj + k];
                }
                l[i * n + j] = t / d;
            }
        }
        return l;
    }

    /** The inverse of a lower triangular matrix (lower triangular). */
    static double[] lowerInverse(double[] l, int n) {
        double[] inv = new double[n * n];
        for (int j = 0; j < n; j++) {
            inv[j * n + j] = 1 / l[j * n + j];
            for (int i = j + 1; i < n; i++) {
                double sum = 0;
                for (int k = j; k < i; k++) {
                    sum -= l[i * n + k] * inv[k * n + j];
                }
                inv[i * n + j] = sum / l[i * n + i];
            }
        }
        return inv;
    }

    private static QuantizedMatrix pack(int rows, int cols, int block, QuantFormat f, int[] codes, float[] s,
            byte[] zeros) {
        int nb = QuantizedMatrix.blocksPerRow(cols, block);
        int blob = f.blobBytes(block);
        int perBlob = blob * 8 / f.bits();
        byte[] packed = new byte[rows * nb * blob];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < nb; b++) {
                int i = r * nb + b;
                int z = zeros == null ? f.mid() : zeros[i] & 0xff;
                long first = (long) i * perBlob;
                for (int j = 0; j < perBlob; j++) {
                    int c = b * block + j;
                    BitPacking.put(packed, first + j, f.bits(), j < block && c < cols ? codes[r * cols + c] : z);
                }
            }
        }
        return new QuantizedMatrix(rows, cols, block, f, packed, s, zeros);
    }
}
