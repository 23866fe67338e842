package io.nanogrid.engine.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    @Test
    void fitsTheTemperatureThatGeneratedTheLabels() {
        // labels drawn from softmax(z / 2.5): the fitted temperature should come back near 2.5
        Random rnd = new Random(5);
        List<float[]> logits = new ArrayList<>();
        int n = 20_000;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float[] z = new float[4];
            for (int k = 0; k < 4; k++) {
                z[k] = (float) (rnd.nextGaussian() * 4);
            }
            double[] p = new double[4];
            double sum = 0;
            for (int k = 0; k < 4; k++) {
                p[k] = Math.exp(z[k] / 2.5);
                sum += p[k];
            }
            double u = rnd.nextDouble() * sum;
            int k = 0;
            while (k < 3 && u > p[k]) {
                u -= p[k++];
            }
            y[i] = k;
            logits.add(z);
        }
        double t = Calibration.fitTemperature(logits, y);
        assertEquals(2.5, t, 0.15);
        assertTrue(Calibration.nll(logits, y, t) < Calibration.nll(logits, y, 1.0));
    }

    @Test
    void eceIsTheWeightedGapBetweenConfidenceAndAccuracy() {
        double[] conf = {0.95, 0.95, 0.95, 0.95, 0.55, 0.55};
        boolean[] right = {true, true, true, false, true, false};
        var bins = Calibration.bins(conf, right);
        // bin of 0.95: accuracy 0.75, gap 0.2, weight 4/6; bin of 0.55: accuracy 0.5, gap 0.05, weight 2/6
        assertEquals(4.0 / 6 * 0.2 + 2.0 / 6 * 0.05, Calibration.ece(bins), 1e-9);
        assertEquals(Calibration.BINS, bins.size());
    }

    @Test
    void picksTheLowestThresholdThatMeetsTheTargetMisrouteRate() {
        double[] conf = {0.99, 0.98, 0.97, 0.90, 0.80, 0.70, 0.60};
        boolean[] right = {true, true, true, false, true, true, false};
        // answered >= 0.97: 0 wrong of 3; >= 0.90: 1 of 4 (25%); >= 0.70: 1 of 6; >= 0.60: 2 of 7 (28.6%)
        assertEquals(0.97, Calibration.thresholdFor(conf, right, 0.10));
        assertEquals(0.70, Calibration.thresholdFor(conf, right, 0.25));
        assertEquals(0.0, Calibration.thresholdFor(conf, right, 0.30));
        assertEquals(1.0, Calibration.thresholdFor(new double[] {0.9}, new boolean[] {false}, 0.0));
    }
}
