package io.nanogrid.quantizer.quant;

import io.nanogrid.onnx.WeightBits;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Quality and speed of every format on Gaussian data, on one thread: bits per weight, RMSE as a
 * fraction of sigma, and millions of floats quantized per second (codes packed, scales and zero
 * points written), beside the machine's floor measured in the same run: a loop that reads the
 * floats and writes an eighth of their bytes (what a 4-bit quantizer must at least do).
 *
 * <p>Speeds are measured in the thread's CPU time, so that other processes on a shared machine do
 * not count against it; wall-clock figures are reported beside them.
 */
public final class QuantBench {
    /** The default: 64 Mi floats, as in docs/ARCHITECTURE.md's anchors. */
    public static final long DEFAULT_FLOATS = 64L << 20;
    public static final long SEED = 42;
    private static final int COLS = 4096;
    private static final int WARMUP_FLOATS = 4 << 20;
    /**
     * Each format is warmed up for at least this long. A format taking a path the compiled code had
     * not seen yet is deoptimized and recompiled in the background (-XX:+PrintCompilation shows it at
     * each switch of width or symmetry); with two short warm-up calls its timed run started before
     * the new code was in place, and the first formats of each width measured 10-25 % lower.
     */
    private static final long WARMUP_NANOS = 300_000_000L;

    /**
     * One format and method.
     *
     * @param outputRmse on the calibrated layer (rows measured there): the layer's output RMSE on its
     *                   inputs as a fraction of the output's RMS, what calibration minimizes; else null
     */
    public record Row(int bits, int block, String method, boolean symmetric, double bitsPerWeight, double rmse,
            double mfloatsPerSecond, double wallMfloatsPerSecond, double floorMfloatsPerSecond, Double outputRmse) {
        public Row(int bits, int block, String method, boolean symmetric, double bitsPerWeight, double rmse,
                double mfloatsPerSecond, double wallMfloatsPerSecond, double floorMfloatsPerSecond) {
            this(bits, block, method, symmetric, bitsPerWeight, rmse, mfloatsPerSecond, wallMfloatsPerSecond,
                    floorMfloatsPerSecond, null);
        }
    }

    /** The calibrated layer: LAYER x LAYER Gaussian weights, inputs from {@link #LATENT} factors, 4096 rows. */
    public static final int LAYER = 1024;
    public static final int LATENT = 64;
    public static final int CALIBRATION_ROWS = 4096;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final BlockQuantizer quantizer;

    public QuantBench(BlockQuantizer quantizer) {
        this.quantizer = quantizer;
    }

    /** Runs every combination of 8/4/2 bits, block 32/128, rtn/search, symmetric/asymmetric. */
    public List<Row> run(long floats, Consumer<String> progress) {
        int cols = floats >= COLS && floats % COLS == 0 ? COLS : Math.toIntExact(floats);
        int rows = Math.toIntExact(floats / cols);
        progress.accept("generating " + floats + " Gaussian floats (seed " + SEED + ")");
        float[] x = gaussian(Math.toIntExact(floats), SEED);
        // A fresh JVM's first large allocations fault their pages in (kernel time, counted in the
        // thread's CPU time): the first row measured 10-20 % slower than the same format timed again.
        // One untimed quantization with the largest output touches the heap that every row reuses.
        progress.accept("touching the heap");
        quantizer.quantize(x, rows, cols, new QuantSpec(8, 32, QuantMethod.RTN, false));
        double floor = floor(x);
        List<Row> out = new ArrayList<>();
        for (int bits : WeightBits.WIDTHS) {
            for (int block : new int[] {32, 128}) {
                for (QuantMethod m : QuantMethod.values()) {
                    for (boolean sym : new boolean[] {true, false}) {
                        QuantSpec spec = new QuantSpec(bits, block, m, sym);
                        progress.accept("timing " + spec.describe());
                        out.add(row(x, rows, cols, spec, floor));
                    }
                }
            }
        }
        // --format dynamic's weights: int8, symmetric, one scale per output channel (a row of COLS)
        QuantSpec perChannel = new QuantSpec(8, cols, QuantMethod.RTN, true);
        progress.accept("timing int8 per channel (--format dynamic)");
        Row d = row(x, rows, cols, perChannel, floor);
        out.add(new Row(d.bits(), d.block(), "dynamic-int8", true, d.bitsPerWeight(), d.rmse(), d.mfloatsPerSecond(),
                d.wallMfloatsPerSecond(), floor));
        out.addAll(calibrated(progress, floor));
        return out;
    }

    /**
     * GPTQ against the plain methods on one layer whose inputs are correlated as a network's are ({@link
     * #LATENT} Gaussian factors mixed into {@link #LAYER} features, a few of them loud, plus their own noise):
     * weight RMSE/sigma, the layer's output RMSE on its inputs, and the speed (the Cholesky factors included).
     */
    List<Row> calibrated(Consumer<String> progress, double floor) {
        progress.accept("calibrated layer: " + LAYER + "x" + LAYER + " weights, " + CALIBRATION_ROWS + " input rows");
        float[] w = gaussian(LAYER * LAYER, SEED + 1);
        float[] mix = gaussian(LATENT * LAYER, SEED + 2);
        float[] z = gaussian(CALIBRATION_ROWS * LATENT, SEED + 3);
        float[] noise = gaussian(CALIBRATION_ROWS * LAYER, SEED + 4);
        float[] inputs = new float[CALIBRATION_ROWS * LAYER];
        for (int r = 0; r < CALIBRATION_ROWS; r++) {
            for (int f = 0; f < LATENT; f++) {
                float zf = z[r * LATENT + f] * (f < 4 ? 8 : 1);
                for (int c = 0; c < LAYER; c++) {
                    inputs[r * LAYER + c] += zf * mix[f * LAYER + c];
                }
            }
            for (int c = 0; c < LAYER; c++) {
                inputs[r * LAYER + c] += 0.3f * noise[r * LAYER + c];
            }
        }
        Hessian h = Hessian.empty(LAYER).add(inputs, 0, CALIBRATION_ROWS);
        double variance = variance(w);
        List<Row> out = new ArrayList<>();
        for (int bits : new int[] {4, 2}) {
            for (QuantMethod m : QuantMethod.values()) {
                for (boolean gptq : new boolean[] {false, true}) {
                    QuantSpec spec = new QuantSpec(bits, 32, m, false);
                    progress.accept("timing " + (gptq ? "gptq+" : "") + spec.describe() + " on the calibrated layer");
                    Gptq g = new Gptq(quantizer);
                    if (gptq) {
                        g.quantize(w, LAYER / 8, LAYER, h, spec); // warm-up
                    }
                    long wall0 = System.nanoTime();
                    long cpu0 = cpu();
                    QuantizedMatrix q = gptq ? g.quantize(w, LAYER, LAYER, h, spec)
                            : quantizer.quantize(w, LAYER, LAYER, spec);
                    long cpu1 = cpu();
                    long wall1 = System.nanoTime();
                    double n = (double) LAYER * LAYER;
                    double rmse = Math.sqrt(q.squaredError(w) / n / variance);
                    long bytes = q.packedCodes().length + 4L * q.scales().length + bytesOfPackedZeroPoints(q);
                    out.add(new Row(bits, 32, (gptq ? "gptq+" : "") + m.wireName(), false, round(bytes * 8 / n, 4),
                            round(rmse, 4), round(n / ((cpu1 - cpu0) / 1e3), 1), round(n / ((wall1 - wall0) / 1e3), 1),
                            floor, round(outputRmse(w, q.dequantize(), h), 4)));
                }
            }
        }
        return out;
    }

    /** sqrt(trace(dW H dW^T) / trace(W H W^T)) for a LAYER x LAYER weight. */
    private static double outputRmse(float[] w, float[] dq, Hessian h) {
        double[] m = h.symmetric();
        double err = 0;
        double ref = 0;
        double[] d = new double[LAYER];
        for (int r = 0; r < LAYER; r++) {
            for (int c = 0; c < LAYER; c++) {
                d[c] = w[r * LAYER + c] - dq[r * LAYER + c];
            }
            for (int i = 0; i < LAYER; i++) {
                double di = 0;
                double oi = 0;
                for (int j = 0; j < LAYER; j++) {
                    di += m[i * LAYER + j] * d[j];
                    oi += m[i * LAYER + j] * w[r * LAYER + j];
                }
                err += d[i] * di;
                ref += w[r * LAYER + i] * oi;
            }
        }
        return Math.sqrt(err / ref);
    }

    private Row row(float[] x, int rows, int cols, QuantSpec spec, double floor) {
        int warmRows = Math.max(1, Math.min(rows, WARMUP_FLOATS / cols));
        long warmUntil = System.nanoTime() + WARMUP_NANOS;
        for (int i = 0; i < 2 || System.nanoTime() < warmUntil; i++) {
            quantizer.quantize(x, warmRows, cols, spec);
        }
        long wall0 = System.nanoTime();
        long cpu0 = cpu();
        QuantizedMatrix q = quantizer.quantize(x, rows, cols, spec);
        long cpu1 = cpu();
        long wall1 = System.nanoTime();
        double n = (double) rows * cols;
        double variance = variance(x);
        double rmse = Math.sqrt(q.squaredError(x) / n / variance);
        long bytes = q.packedCodes().length + 4L * q.scales().length
                + (q.zeroPoints() == null ? 0 : bytesOfPackedZeroPoints(q));
        return new Row(spec.bits(), spec.block(), spec.method().wireName(), spec.symmetric(), round(bytes * 8 / n, 4),
                round(rmse, 4), round(n / ((cpu1 - cpu0) / 1e3), 1), round(n / ((wall1 - wall0) / 1e3), 1), floor);
    }

    /** Zero points as ONNX Runtime stores them: packed with the codes' bits, each row in whole bytes. */
    private static long bytesOfPackedZeroPoints(QuantizedMatrix q) {
        return (long) q.rows() * ((q.blocksPerRow() * q.format().bits() + 7) / 8);
    }

    /** Mfloat/s of reading every float and writing a nibble of each (an eighth of their bytes). */
    double floor(float[] x) {
        byte[] out = new byte[x.length / 2];
        for (int i = 0; i < 2; i++) {
            floorLoop(x, out, Math.min(x.length, WARMUP_FLOATS));
        }
        long cpu0 = cpu();
        floorLoop(x, out, x.length);
        long cpu1 = cpu();
        return round(x.length / ((cpu1 - cpu0) / 1e3), 1);
    }

    private static void floorLoop(float[] x, byte[] out, int n) {
        for (int j = 0, half = n >> 1; j < half; j++) {
            out[j] = (byte) (Float.floatToRawIntBits(x[2 * j]) >>> 28 | (Float.floatToRawIntBits(x[2 * j + 1]) >>> 28)
                    << 4);
        }
    }

    private long cpu() {
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static double variance(float[] x) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (float v : x) {
            double d = v - mean;
            var += d * d;
        }
        return var / x.length;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
