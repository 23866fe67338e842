package io.nanogrid.quantizer.quant;

/**
 * What calibration data says about the inputs of a linear layer: the sum of x x^T over every input row x
 * of length k seen (k x k, row-major, symmetric), and how many rows. A layer's output error for a weight
 * error dW is sum over rows of |x dW|^2 = trace(dW H dW^T): this matrix is what GPTQ minimizes against.
 */
public record Hessian(int k, double[] xtx, long rows) {
    public Hessian {
        if (xtx.length != (long) k * k) {
            throw new IllegalArgumentException("a " + k + "x" + k + " matrix needs " + (long) k * k + " values, not "
                    + xtx.length);
        }
    }

    /** An empty accumulator for inputs of length k. */
    public static Hessian empty(int k) {
        return new Hessian(k, new double[k * k], 0);
    }

    /**
     * Adds {@code count} rows of length k, stored one after another in {@code x} from {@code from}; returns
     * the new total (this record's array is updated in place, and the row count is in the returned one).
     */
    public Hessian add(float[] x, int from, int count) {
        double[] row = new double[k];
        for (int r = 0; r < count; r++) {
            int base = from + r * k;
            for (int i = 0; i < k; i++) {
                row[i] = x[base + i];
            }
            for (int i = 0; i < k; i++) {
                double xi = row[i];
                if (xi == 0) {
                    continue;
                }
                int at = i * k;
                for (int j = i; j < k; j++) {
                    xtx[at + j] += xi * row[j];
                }
            }
        }
        return new Hessian(k, xtx, rows + count);
    }

    /** The full symmetric matrix (only the upper triangle is accumulated by {@link #add}). */
    public double[] symmetric() {
        double[] h = xtx.clone();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                h[i * k + j] = h[j * k + i];
            }
        }
        return h;
    }

    /** The diagonal: the mean square of each input feature times the row count. */
    public double[] diagonal() {
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = xtx[i * k + i];
        }
        return d;
    }
}
