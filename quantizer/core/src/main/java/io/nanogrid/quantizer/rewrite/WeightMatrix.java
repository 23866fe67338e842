package io.nanogrid.quantizer.rewrite;

import io.nanogrid.quantizer.quant.BlockQuantizer;
import io.nanogrid.quantizer.quant.ErrorStats;
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
        return new Quantized(q, ErrorStats.relativeRmse(values, q.dequantize()));
    }

    boolean allFinite() {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** A quantized matrix and its error as a fraction of the weight's standard deviation. */
    record Quantized(QuantizedMatrix matrix, double rmse) {
    }
}
