package io.nanogrid.quantizer.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProductCodebookTest {
    private static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void trainingIsDeterministicAndSubsamplingStillAssignsEveryRow() {
        float[] t = gaussian(3000 * 24, 1);
        ProductCodebook a = ProductCodebook.train(t, 3000, 24, 6, 1000, 8, 7);
        ProductCodebook b = ProductCodebook.train(t.clone(), 3000, 24, 6, 1000, 8, 7);
        assertArrayEquals(a.codes(), b.codes());
        assertArrayEquals(a.codebook(), b.codebook());
        assertEquals(a.rmse(), b.rmse());
        assertEquals(3000 * 4, a.codes().length);
        assertEquals(4 * 256 * 6, a.codebook().length);
        // every row, trained on or not, holds the nearest centroid of each position
        float[] d = a.dequantize();
        for (int r = 0; r < 3000; r += 97) {
            for (int j = 0; j < 4; j++) {
                double own = dist(t, r * 24 + j * 6, d, r * 24 + j * 6);
                for (int c = 0; c < 256; c++) {
                    assertTrue(own <= dist(t, r * 24 + j * 6, a.codebook(), (j * 256 + c) * 6) + 1e-9);
                }
            }
        }
        double mse = 0;
        for (int i = 0; i < t.length; i++) {
            mse += (t[i] - d[i]) * (t[i] - d[i]);
        }
        assertEquals(Math.sqrt(mse / t.length), a.rmse(), 0.02, "rmse relative to a unit standard deviation");
        // 256 centroids for 6 Gaussian values: far better than 1.33-bit scalar codes, far from exact
        assertTrue(a.rmse() > 0.3 && a.rmse() < 0.75, "rmse " + a.rmse());
    }

    @Test
    void aTableOfFewerRowsThanCentroidsIsExactAndClustersAreFound() {
        float[] small = gaussian(100 * 8, 2);
        ProductCodebook s = ProductCodebook.train(small, 100, 8, 4);
        assertEquals(100, s.centroids());
        float[] halves = new float[small.length];
        for (int i = 0; i < small.length; i++) {
            halves[i] = Half.round(small[i]);
        }
        assertArrayEquals(halves, s.dequantize(), "every row its own centroid, stored as float16");
        assertTrue(s.rmse() < 1e-3, "float16's rounding only: " + s.rmse());
        // 4000 rows drawn near 200 points: 256 centroids find them all
        float[] centres = gaussian(200 * 4, 3);
        Random r = new Random(4);
        float[] t = new float[4000 * 4];
        for (int i = 0; i < 4000; i++) {
            int c = r.nextInt(200);
            for (int k = 0; k < 4; k++) {
                t[i * 4 + k] = centres[c * 4 + k] + (float) r.nextGaussian() * 1e-3f;
            }
        }
        assertTrue(ProductCodebook.train(t, 4000, 4, 4).rmse() < 0.01);
    }

    @Test
    void rowsTheDataReadOftenGetCentroidsOfTheirOwn() {
        float[] t = gaussian(3000 * 12, 6);
        long[] read = new long[3000];
        for (int r = 0; r < 200; r++) {
            read[r * 7] = 1000; // 200 common rows
        }
        read[5] = 1;
        ProductCodebook even = ProductCodebook.train(t, 3000, 12, 6);
        ProductCodebook weighted = ProductCodebook.train(t, 3000, 12, 6, read);
        assertArrayEquals(weighted.codes(), ProductCodebook.train(t, 3000, 12, 6, read.clone()).codes());
        double commonEven = error(t, even.dequantize(), read, true);
        double commonWeighted = error(t, weighted.dequantize(), read, true);
        assertTrue(commonWeighted < 0.25 * commonEven, commonWeighted + " against " + commonEven);
        // the others pay for it, within reason
        double rareEven = error(t, even.dequantize(), read, false);
        double rareWeighted = error(t, weighted.dequantize(), read, false);
        assertTrue(rareWeighted > rareEven && rareWeighted < 1.5 * rareEven, rareWeighted + " against " + rareEven);
        assertArrayEquals(even.codes(), ProductCodebook.train(t, 3000, 12, 6, new long[3000]).codes(),
                "no rows read: the even codebook");
    }

    /** Mean squared error over the rows read ({@code common}) or the others. */
    private static double error(float[] t, float[] d, long[] read, boolean common) {
        double s = 0;
        int n = 0;
        for (int r = 0; r < read.length; r++) {
            if ((read[r] >= 1000) == common) {
                for (int k = 0; k < 12; k++) {
                    s += (t[r * 12 + k] - d[r * 12 + k]) * (t[r * 12 + k] - d[r * 12 + k]);
                }
                n++;
            }
        }
        return s / n;
    }

    @Test
    void halfPrecisionRoundsToNearestEven() {
        assertEquals(0x3c00, Half.bits(1f));
        assertEquals((short) 0xbc00, Half.bits(-1f));
        assertEquals(0x2e66, Half.bits(0.1f));
        assertEquals(0x7bff, Half.bits(65504f));
        assertEquals(0x7c00, Half.bits(65520f), "beyond the largest half: infinity");
        assertEquals(0x0001, Half.bits(0x1p-24f), "the smallest subnormal");
        assertEquals(0, Half.bits(0x1p-26f));
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: to even (1); 1 + 3 * 2^-11 to 1 + 2^-9
        assertEquals(0x3c00, Half.bits(1f + 0x1p-11f));
        assertEquals(0x3c02, Half.bits(1f + 3 * 0x1p-11f));
        Random r = new Random(9);
        for (int i = 0; i < 10000; i++) {
            float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 6));
            float h = Half.round(f);
            assertEquals(h, Half.toFloat(Half.bits(h)), "a half value is its own rounding");
            double ulp = Math.max(Math.ulp(h) * 8192.0, 0x1p-24);
            assertTrue(Math.abs(f - h) <= ulp / 2 + 1e-12, f + " -> " + h);
        }
    }

    @Test
    void subVectorsThatDoNotDivideTheRowAreRefused() {
        float[] t = gaussian(64 * 24, 5);
        assertThrows(IllegalArgumentException.class, () -> ProductCodebook.train(t, 64, 24, 5));
        assertThrows(IllegalArgumentException.class, () -> ProductCodebook.train(t, 64, 24, 0));
        assertThrows(IllegalArgumentException.class, () -> ProductCodebook.train(t, 64, 24, 24));
    }

    private static double dist(float[] x, int at, float[] y, int yAt) {
        double s = 0;
        for (int k = 0; k < 6; k++) {
            s += (x[at + k] - y[yAt + k]) * (x[at + k] - y[yAt + k]);
        }
        return s;
    }
}
