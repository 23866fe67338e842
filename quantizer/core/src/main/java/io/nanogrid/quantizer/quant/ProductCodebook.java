package io.nanogrid.quantizer.quant;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Product quantization of a table [rows, cols] (Jegou, Douze, Schmid, "Product quantization for nearest
 * neighbor search", TPAMI 2011): each row is cut into cols / sub sub-vectors of {@code sub} consecutive
 * values; every sub-vector position j has its own codebook of up to 256 centroids (k-means over that
 * position's sub-vectors, k-means++ seeding from a fixed seed, trained on a subsample of rows and then
 * assigning every row), and the table is stored as one uint8 code per sub-vector: 8 / sub bits per value
 * plus the codebooks, whose centroids are float16 values ({@link Half}: half the bytes, an error far below
 * the codes'). The result is a pure function of the table and the arguments (deterministic).
 *
 * @param rows      table rows
 * @param cols      values per row
 * @param sub       values per sub-vector
 * @param centroids centroids per position (256, or the rows when fewer)
 * @param codes     [rows, cols / sub] codes, row-major
 * @param codebook  [(cols / sub) * centroids, sub]: position j's centroid c is row j * centroids + c (float16
 *                  values)
 * @param rmse      root-mean-square error as a fraction of the table's standard deviation
 */
public record ProductCodebook(int rows, int cols, int sub, int centroids, byte[] codes, float[] codebook,
        double rmse) {
    /** Centroids per position at most: one uint8 code. */
    public static final int MAX_CENTROIDS = 256;
    /** Longest sub-vector accepted. */
    public static final int MAX_SUB = 16;
    /** Rows k-means trains on by default (the rest are only assigned). */
    public static final int TRAIN_ROWS = 16384;
    /** Lloyd iterations by default. */
    public static final int ITERATIONS = 12;
    public static final long SEED = 20110101L;

    /** The table's values with each sub-vector replaced by its centroid. */
    public float[] dequantize() {
        int m = cols / sub;
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < m; j++) {
                int c = j * centroids + (codes[r * m + j] & 0xff);
                System.arraycopy(codebook, c * sub, out, r * cols + j * sub, sub);
            }
        }
        return out;
    }

    /** Bytes stored: one code per sub-vector and the float16 codebooks. */
    public long bytes() {
        return codes.length + codebook.length * 2L;
    }

    /** Share of k-means' weight on the rows calibration data read (the rest spread evenly over every row). */
    public static final double SEEN_SHARE = 0.5;

    public static ProductCodebook train(float[] table, int rows, int cols, int sub) {
        return train(table, rows, cols, sub, TRAIN_ROWS, ITERATIONS, SEED, null);
    }

    /**
     * As {@link #train(float[], int, int, int)}, with how often calibration data read each row (null: never
     * recorded): k-means then minimizes the error of a mix of every row evenly and the rows as the data reads
     * them ({@link #SEEN_SHARE}), so frequent rows (common tokens) get centroids of their own.
     */
    public static ProductCodebook train(float[] table, int rows, int cols, int sub, long[] rowCounts) {
        return train(table, rows, cols, sub, TRAIN_ROWS, ITERATIONS, SEED, rowCounts);
    }

    /**
     * @param trainRows  rows k-means trains on (evenly spaced through a seeded shuffle when the table has more)
     * @param iterations Lloyd iterations after seeding
     */
    public static ProductCodebook train(float[] table, int rows, int cols, int sub, int trainRows, int iterations,
            long seed) {
        return train(table, rows, cols, sub, trainRows, iterations, seed, null);
    }

    /** @param rowCounts how often calibration data read each row, or null */
    public static ProductCodebook train(float[] table, int rows, int cols, int sub, int trainRows, int iterations,
            long seed, long[] rowCounts) {
        if (sub < 1 || sub > MAX_SUB || cols % sub != 0) {
            throw new IllegalArgumentException("sub-vectors of " + sub + " values do not divide rows of " + cols
                    + " (1 to " + MAX_SUB + ")");
        }
        if (table.length != (long) rows * cols || rows < 1) {
            throw new IllegalArgumentException("table of " + table.length + " values is not " + rows + " x " + cols);
        }
        int m = cols / sub;
        int k = Math.min(MAX_CENTROIDS, rows);
        int[] even = sample(rows, Math.max(k, Math.min(trainRows, rows)), seed);
        long seen = 0;
        if (rowCounts != null) {
            if (rowCounts.length != rows) {
                throw new IllegalArgumentException(rowCounts.length + " row counts for " + rows + " rows");
            }
            for (long c : rowCounts) {
                seen += c;
            }
        }
        int[] sample = even;
        float[] weights = null;
        if (seen > 0) {
            // the even sample, each row standing for rows / even.length rows, and every row the data read
            double[] w = new double[rows];
            for (int r : even) {
                w[r] += (1 - SEEN_SHARE) / even.length;
            }
            for (int r = 0; r < rows; r++) {
                w[r] += SEEN_SHARE * rowCounts[r] / seen;
            }
            sample = IntStream.range(0, rows).filter(r -> w[r] > 0).toArray();
            weights = new float[sample.length];
            for (int i = 0; i < sample.length; i++) {
                weights[i] = (float) (w[sample[i]] * sample.length);
            }
        }
        int[] trainOn = sample;
        float[] weightOf = weights;
        byte[] codes = new byte[rows * m];
        float[] codebook = new float[m * k * sub];
        double[] err = new double[m];
        IntStream.range(0, m).parallel().forEach(j -> {
            float[] points = subvectors(table, cols, sub, j, trainOn);
            float[] c = kMeans(points, weightOf, trainOn.length, sub, k, iterations, new Random(seed * 31 + j));
            for (int i = 0; i < c.length; i++) {
                c[i] = Half.round(c[i]); // stored as float16; rows are assigned to what is stored
            }
            System.arraycopy(c, 0, codebook, j * k * sub, k * sub);
            float[] x = new float[sub];
            double e = 0;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(table, r * cols + j * sub, x, 0, sub);
                int best = nearest(x, 0, c, k, sub);
                codes[r * m + j] = (byte) best;
                e += distance(x, 0, c, best * sub, sub);
            }
            err[j] = e;
        });
        double sum = 0;
        double sq = 0;
        for (float v : table) {
            sum += v;
            sq += (double) v * v;
        }
        double n = table.length;
        double variance = Math.max(sq / n - (sum / n) * (sum / n), 1e-30);
        double mse = 0;
        for (double e : err) {
            mse += e;
        }
        return new ProductCodebook(rows, cols, sub, k, codes, codebook, Math.sqrt(mse / n / variance));
    }

    /** Every row when there are at most {@code n}; else n distinct rows of a seeded shuffle, in order. */
    static int[] sample(int rows, int n, long seed) {
        int[] all = IntStream.range(0, rows).toArray();
        if (n >= rows) {
            return all;
        }
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            int s = i + random.nextInt(rows - i);
            int t = all[i];
            all[i] = all[s];
            all[s] = t;
        }
        int[] out = java.util.Arrays.copyOf(all, n);
        java.util.Arrays.sort(out);
        return out;
    }

    private static float[] subvectors(float[] table, int cols, int sub, int j, int[] rows) {
        float[] out = new float[rows.length * sub];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(table, rows[i] * cols + j * sub, out, i * sub, sub);
        }
        return out;
    }

    /**
     * k-means++ seeding, then Lloyd iterations; an emptied cluster takes the point farthest from its centroid.
     * With weights (null: all 1) each point counts as that many points, in the seeding and in the means.
     */
    static float[] kMeans(float[] points, float[] weights, int n, int d, int k, int iterations, Random random) {
        float[] c = new float[k * d];
        double[] dist = new double[n];
        int first = random.nextInt(n);
        System.arraycopy(points, first * d, c, 0, d);
        double total = 0;
        for (int i = 0; i < n; i++) {
            dist[i] = distance(points, i * d, c, 0, d);
            total += dist[i] * weight(weights, i);
        }
        for (int q = 1; q < k; q++) {
            int pick = n - 1;
            if (total > 0) {
                double target = random.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    target -= dist[i] * weight(weights, i);
                    if (target < 0) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = random.nextInt(n);
            }
            System.arraycopy(points, pick * d, c, q * d, d);
            total = 0;
            for (int i = 0; i < n; i++) {
                dist[i] = Math.min(dist[i], distance(points, i * d, c, q * d, d));
                total += dist[i] * weight(weights, i);
            }
        }
        int[] assigned = new int[n];
        double[] sums = new double[k * d];
        double[] counts = new double[k];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(counts, 0);
            int far = 0;
            for (int i = 0; i < n; i++) {
                int a = nearest(points, i * d, c, k, d);
                assigned[i] = a;
                dist[i] = distance(points, i * d, c, a * d, d);
                if (dist[i] > dist[far]) {
                    far = i;
                }
                double w = weight(weights, i);
                counts[a] += w;
                for (int t = 0; t < d; t++) {
                    sums[a * d + t] += w * points[i * d + t];
                }
            }
            for (int q = 0; q < k; q++) {
                if (counts[q] == 0) {
                    System.arraycopy(points, far * d, c, q * d, d);
                    dist[far] = 0;
                    for (int i = 0; i < n; i++) {
                        if (dist[i] > dist[far]) {
                            far = i;
                        }
                    }
                } else {
                    for (int t = 0; t < d; t++) {
                        c[q * d + t] = (float) (sums[q * d + t] / counts[q]);
                    }
                }
            }
        }
        return c;
    }

    private static double weight(float[] weights, int i) {
        return weights == null ? 1 : weights[i];
    }

    private static int nearest(float[] x, int at, float[] c, int k, int d) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int q = 0; q < k; q++) {
            double s = 0;
            for (int t = 0; t < d && s < bestDistance; t++) {
                double v = x[at + t] - c[q * d + t];
                s += v * v;
            }
            if (s < bestDistance) {
                bestDistance = s;
                best = q;
            }
        }
        return best;
    }

    private static double distance(float[] x, int at, float[] c, int cAt, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double v = x[at + t] - c[cAt + t];
            s += v * v;
        }
        return s;
    }
}
