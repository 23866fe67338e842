package io.nanogrid.engine.train;

/**
 * A fully connected layer, y = x W + b, with W stored row-major as [in][out] — the layout of an
 * ONNX Gemm with transB = 0.
 */
final class Dense {
    final int in;
    final int out;
    final float[] w;
    final float[] b;

    Dense(int in, int out) {
        this.in = in;
        this.out = out;
        this.w = new float[in * out];
        this.b = new float[out];
    }

    /** z = x W + b. */
    void forward(float[] x, float[] z) {
        System.arraycopy(b, 0, z, 0, out);
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            if (xi == 0f) {
                continue;
            }
            int row = i * out;
            for (int j = 0; j < out; j++) {
                z[j] += xi * w[row + j];
            }
        }
    }

    /** Accumulates dW += x^T g, db += g; writes dx = g W^T when dx is not null. */
    void backward(float[] x, float[] g, float[] dw, float[] db, float[] dx) {
        for (int j = 0; j < out; j++) {
            db[j] += g[j];
        }
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            int row = i * out;
            if (xi != 0f) {
                for (int j = 0; j < out; j++) {
                    dw[row + j] += xi * g[j];
                }
            }
            if (dx != null) {
                float s = 0f;
                for (int j = 0; j < out; j++) {
                    s += g[j] * w[row + j];
                }
                dx[i] = s;
            }
        }
    }
}
