package io.nanogrid.quantizer.quant;

import java.util.Arrays;

/**
 * The plain definition of every method, one block at a time, written for reading rather than
 * speed. {@link FastQuantizer} must produce exactly the same codes, scales and zero points.
 *
 * <ul>
 * <li>RTN symmetric (ggml Q4_0): the value of largest magnitude m maps to code 0, scale
 * d = m / -2^(bits-1); q = min(qmax, rint(x * (-2^(bits-1) / m)) + 2^(bits-1)).
 * <li>RTN asymmetric (ONNX Runtime's default): the range [min(x, 0), max(x, 0)] is spread over
 * [0, qmax]; scale = range / qmax, inverse i = qmax / range, zero point z = round(-min * i),
 * q = rint(x * i) + z.
 * <li>SEARCH: two rounds of {@link QuantFormat#CANDIDATES} candidates (inverse scale, zero
 * point). Each candidate assigns the codes q = round(x * inverse + z) clamped to [0, qmax]; with
 * k = q - z the least-squares scale is s = sum(x k) / sum(k^2) and its squared error is
 * sum(x^2) - sum(x k)^2 / sum(k^2), so the candidate with the largest gain sum(x k)^2 / sum(k^2)
 * wins (sum(x k) in float, in {@link QuantFormat#SUM_LANES} interleaved partial sums added in
 * the fixed order of {@link QuantFormat#sumPartials}; the first candidate wins ties). Round one
 * multiplies the round-to-nearest inverse scale by the format's clip factors, the asymmetric
 * window centred on the block's midpoint; round two starts from 1/s of the best so far (see
 * {@link QuantFormat#refineMultiplier} and {@link QuantFormat#refineZeroStep}). A candidate whose
 * inverse scale maps the block's largest magnitude beyond {@link QuantFormat#MAX_SCALED} is not
 * considered.
 * </ul>
 */
public final class ReferenceQuantizer implements BlockQuantizer {
    /** One block's result. */
    record Block(float scale, int zero, int[] codes) {
    }

    /** One candidate of the search. */
    record Candidate(float inverseScale, int zero, double scale, double gain) {
    }

    @Override
    public QuantizedMatrix quantize(float[] values, int rows, int cols, QuantSpec spec) {
        QuantFormat f = spec.format();
        int block = spec.block();
        int nb = QuantizedMatrix.blocksPerRow(cols, block);
        int blob = f.blobBytes(block);
        byte[] codes = new byte[rows * nb * blob];
        float[] scales = new float[rows * nb];
        byte[] zeros = f.symmetric() ? null : new byte[rows * nb];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < nb; b++) {
                int from = r * cols + b * block;
                float[] x = Arrays.copyOfRange(values, from, from + Math.min(block, cols - b * block));
                Block q = spec.method() == QuantMethod.RTN ? rtn(x, f) : search(x, f);
                int i = r * nb + b;
                scales[i] = q.scale();
                if (zeros != null) {
                    zeros[i] = (byte) q.zero();
                }
                int[] padded = new int[block];
                Arrays.fill(padded, q.zero());
                System.arraycopy(q.codes(), 0, padded, 0, x.length);
                BitPacking.pack(padded, 0, block, f.bits(), codes, (long) i * blob * 8 / f.bits());
            }
        }
        return new QuantizedMatrix(rows, cols, block, f, codes, scales, zeros);
    }

    /** {min, max} of a block, with 0 always inside the range (so zero stays exact). */
    private static float[] range(float[] x) {
        float min = 0;
        float max = 0;
        for (float v : x) { // comparisons, not Math.min: -0.0 and NaN are treated as the fast path treats them
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        return new float[] {min, max};
    }

    static Block rtn(float[] x, QuantFormat f) {
        float[] range = range(x);
        float min = range[0];
        float max = range[1];
        int[] q = new int[x.length];
        if (f.symmetric()) {
            float extreme = max >= -min ? max : min;
            float d = extreme / -f.mid();
            float id = extreme != 0 ? -f.mid() / extreme : 0;
            if (!Float.isFinite(id)) { // a block of subnormal values: stored as zeros
                d = 0;
                id = 0;
            }
            for (int i = 0; i < x.length; i++) {
                q[i] = f.quantize(x[i], id, f.mid());
            }
            return new Block(d, f.mid(), q);
        }
        float scale = (max - min) / f.qmax();
        float inverse = max != min ? f.qmax() / (max - min) : 0;
        if (!Float.isFinite(inverse)) {
            scale = 0;
            inverse = 0;
        }
        int zero = scale != 0 ? Math.min(f.qmax(), (int) (-min * inverse + 0.5f)) : 0;
        for (int i = 0; i < x.length; i++) {
            q[i] = f.quantize(x[i], inverse, zero);
        }
        return new Block(scale, zero, q);
    }

    static Block search(float[] x, QuantFormat f) {
        Candidate best = choose(x, f);
        int[] q = new int[x.length];
        if (best == null) {
            int neutral = f.symmetric() ? f.mid() : 0;
            Arrays.fill(q, neutral);
            return new Block(0, neutral, q);
        }
        for (int i = 0; i < x.length; i++) {
            q[i] = f.quantize(x[i], best.inverseScale(), best.zero());
        }
        return new Block((float) best.scale(), best.zero(), q);
    }

    /** The search's choice for a block (null for a constant block): its inverse scale, zero point and scale. */
    static Candidate choose(float[] x, QuantFormat f) {
        float[] range = range(x);
        float min = range[0];
        float max = range[1];
        int neutral = f.symmetric() ? f.mid() : 0;
        if (max == min) {
            return null;
        }
        float center = (max + min) / 2;
        float base = f.symmetric() ? -f.mid() / (max >= -min ? max : min) : f.qmax() / (max - min);
        float magnitude = Math.max(max, -min);
        Candidate best = new Candidate(0, neutral, 0, -1);
        for (int c = 0; c < QuantFormat.CANDIDATES; c++) {
            float inverse = base * f.clipFactor(c);
            int zero = f.symmetric() ? f.mid()
                    : clampZero((int) Math.floor(f.qmax() / 2f - center * inverse + 0.5f), f);
            best = better(best, fit(x, inverse, zero, magnitude, f));
        }
        for (int round = 0; round < QuantFormat.REFINE_ROUNDS && best.scale() != 0; round++) {
            float inverse = (float) (1 / best.scale());
            int zero = best.zero();
            Candidate roundBest = best;
            for (int c = 0; c < QuantFormat.CANDIDATES; c++) {
                roundBest = better(roundBest, fit(x, inverse * f.refineMultiplier(round, c),
                        clampZero(zero + f.refineZeroStep(round, c), f), magnitude, f));
            }
            best = roundBest;
        }
        return best;
    }

    private static int clampZero(int z, QuantFormat f) {
        return Math.max(0, Math.min(f.qmax(), z));
    }

    /** Assigns codes with the given inverse scale and zero point and fits the scale. */
    private static Candidate fit(float[] x, float inverse, int zero, float magnitude, QuantFormat f) {
        if (!(Math.abs(inverse) * magnitude < QuantFormat.MAX_SCALED)) {
            return new Candidate(inverse, zero, 0, -1);
        }
        Sums sums = sums(x, inverse, zero, f);
        float sumXk = sums.xk();
        int sumK2 = sums.k2();
        double gain = sumK2 > 0 ? (double) sumXk * sumXk / sumK2 : 0;
        double scale = sumK2 > 0 ? (double) sumXk / sumK2 : 0;
        return new Candidate(inverse, zero, scale, gain);
    }

    /** A candidate's sums: sum(x k) and sum(k^2), k = q - z. */
    record Sums(float xk, int k2) {
    }

    static Sums sums(float[] x, float inverse, int zero, QuantFormat f) {
        // Interleaved partial sums rather than one running sum (the order until issue 17): the vector
        // kernel (VectorSearch) keeps partial j in lane j, and a defined order is what lets it, the scalar
        // fast path and this definition agree bit for bit. Integer sums are exact in any order.
        float[] partial = new float[QuantFormat.SUM_LANES];
        int sumK2 = 0;
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            int k = f.quantize(v, inverse, zero) - zero;
            float product = v * k;
            partial[i % QuantFormat.SUM_LANES] += product;
            sumK2 += k * k;
        }
        float sumXk = QuantFormat.sumPartials(partial, 0);
        return new Sums(sumXk, sumK2);
    }

    private static Candidate better(Candidate best, Candidate c) {
        return c.gain() > best.gain() ? c : best;
    }
}
