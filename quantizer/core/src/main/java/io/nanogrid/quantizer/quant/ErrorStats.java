package io.nanogrid.quantizer.quant;

/** Quantization error figures. */
public final class ErrorStats {
    private ErrorStats() {
    }

    /** Root-mean-square error of {@code approx} against {@code exact}, as a fraction of exact's standard deviation. */
    public static double relativeRmse(float[] exact, float[] approx) {
        if (exact.length != approx.length) {
            throw new IllegalArgumentException("lengths differ: " + exact.length + " vs " + approx.length);
        }
        double mean = 0;
        for (float v : exact) {
            mean += v;
        }
        mean /= Math.max(1, exact.length);
        double var = 0;
        double err = 0;
        for (int i = 0; i < exact.length; i++) {
            double d = exact[i] - mean;
            var += d * d;
            double e = (double) exact[i] - approx[i];
            err += e * e;
        }
        return var > 0 ? Math.sqrt(err / var) : err > 0 ? Double.POSITIVE_INFINITY : 0;
    }
}
