package io.nanogrid.quantizer.rewrite;

import io.nanogrid.quantizer.quant.BlockQuantizer;
import io.nanogrid.quantizer.quant.ErrorStats;
import io.nanogrid.quantizer.quant.Gptq;
import io.nanogrid.quantizer.quant.Hessian;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.quant.QuantizedMatrix;

/**
 * A weight as the quantizer sees it: a row-major matrix whose rows each get their own blocks
 * (output features for MatMul/Gemm/Conv, table rows for Gather), and its quantized form.
 */
final class WeightMatrix {
    final float[] values;
    final int rows;
    final int cols;

    WeightMatrix(float[] values, int rows, int cols) {
        this.values = values;
        this.rows = rows;
        this.cols = cols;
    }

    /** A [k, n] matrix seen as its transpose [n, k]. */
    static WeightMatrix transposed(float[] w, int k, int n) {
        float[] t = new float[w.length];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                t[j * k + i] = w[i * n + j];
            }
        }
        return new WeightMatrix(t, n, k);
    }

    WeightMatrix times(float alpha) {
        if (alpha == 1f) {
            return this;
        }
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] * alpha;
        }
        return new WeightMatrix(out, rows, cols);
    }

    /** The block length for block-wise operators: the spec's, or the smallest power of two (at least 16) covering a row. */
    int blockFor(QuantSpec spec) {
        int cover = Integer.highestOneBit(Math.max(1, cols - 1)) << 1;
        return Math.min(spec.block(), Math.max(QuantSpec.MIN_BLOCK, cover));
    }

    Quantized quantize(BlockQuantizer quantizer, QuantSpec spec) {
        QuantizedMatrix q = quantizer.quantize(values, rows, cols, spec);
        return new Quantized(q, ErrorStats.relativeRmse(values, q.dequantize()), null);
    }

    /**
     * Quantized for the layer's output on the calibration inputs ({@link Gptq}); the report carries
     * the relative output error on those inputs.
     */
    Quantized quantize(BlockQuantizer quantizer, QuantSpec spec, Hessian h) {
        QuantizedMatrix q = new Gptq(quantizer).quantize(values, rows, cols, h, spec);
        float[] dq = q.dequantize();
        return new Quantized(q, ErrorStats.relativeRmse(values, dq), outputError(values, dq, rows, cols, h));
    }

    /**
     * sqrt(trace(dW H dW^T) / trace(W H W^T)): the root-mean-square error of the layer's output on the
     * calibration inputs as a fraction of the output's root mean square.
     */
    static double outputError(float[] w, float[] dq, int rows, int cols, Hessian h) {
        double[] m = h.symmetric();
        double err = 0;
        double ref = 0;
        double[] d = new double[cols];
        double[] o = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                d[c] = w[r * cols + c] - dq[r * cols + c];
                o[c] = w[r * cols + c];
            }
            for (int i = 0; i < cols; i++) {
                double di = 0;
                double oi = 0;
                int at = i * cols;
                for (int j = 0; j < cols; j++) {
                    di += m[at + j] * d[j];
                    oi += m[at + j] * o[j];
                }
                err += d[i] * di;
                ref += o[i] * oi;
            }
        }
        return ref > 0 ? Math.sqrt(Math.max(0, err) / ref) : 0;
    }

    /** The relative output error of an already quantized matrix on the calibration inputs. */
    double outputError(QuantizedMatrix q, Hessian h) {
        return outputError(values, q.dequantize(), rows, cols, h);
    }

    boolean allFinite() {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A quantized matrix, its error as a fraction of the weight's standard deviation and, when calibrated,
     * the layer's output error on the calibration inputs (null otherwise).
     */
    record Quantized(QuantizedMatrix matrix, double rmse, Double outputError) {
    }
}
