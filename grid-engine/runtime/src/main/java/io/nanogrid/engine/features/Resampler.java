package io.nanogrid.engine.features;

/**
 * Band-limited resampling: each output sample is a Kaiser-windowed sinc interpolation of the input,
 * low-passed below the lower of the two Nyquist rates. Written here because no well-kept Java library
 * on Maven Central does just this without a whole audio stack; 16 zero crossings a side keep aliasing
 * under about -70 dB, enough for a detector's front end.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 16;
    private static final double BETA = 8.6;
    private static final int TABLE_STEPS = 512;
    /** The windowed sinc at x = i / TABLE_STEPS for x in [0, ZERO_CROSSINGS] (the kernel is symmetric). */
    private static final double[] KERNEL = kernel();

    private Resampler() {
    }

    public static float[] resample(float[] in, int from, int to) {
        if (from == to || in.length == 0) {
            return in;
        }
        double ratio = (double) to / from;
        int n = (int) Math.floor(in.length * ratio);
        float[] out = new float[n];
        double cutoff = Math.min(1.0, ratio) * 0.97;
        double reach = ZERO_CROSSINGS / cutoff;
        for (int k = 0; k < n; k++) {
            double t = k / ratio;
            int lo = Math.max(0, (int) Math.ceil(t - reach));
            int hi = Math.min(in.length - 1, (int) Math.floor(t + reach));
            double sum = 0;
            for (int j = lo; j <= hi; j++) {
                double pos = Math.abs((j - t) * cutoff) * TABLE_STEPS;
                int i = (int) pos;
                if (i + 1 >= KERNEL.length) {
                    continue;
                }
                double frac = pos - i;
                sum += in[j] * (KERNEL[i] + (KERNEL[i + 1] - KERNEL[i]) * frac);
            }
            out[k] = (float) (sum * cutoff);
        }
        return out;
    }

    private static double[] kernel() {
        double[] k = new double[ZERO_CROSSINGS * TABLE_STEPS + 2];
        double i0Beta = besselI0(BETA);
        for (int i = 0; i < k.length; i++) {
            double x = i / (double) TABLE_STEPS;
            double w = 1 - (x / ZERO_CROSSINGS) * (x / ZERO_CROSSINGS);
            k[i] = w <= 0 ? 0 : sinc(x) * besselI0(BETA * Math.sqrt(w)) / i0Beta;
        }
        return k;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-9) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** The zeroth-order modified Bessel function of the first kind (the Kaiser window's shape). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
