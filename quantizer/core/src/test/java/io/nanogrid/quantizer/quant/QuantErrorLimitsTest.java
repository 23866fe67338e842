package io.nanogrid.quantizer.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Per-format error limits on Gaussian data (RMSE as a fraction of sigma, 2^20 values, fixed seed),
 * against the anchors in docs/ARCHITECTURE.md: ggml Q4_0 0.0859, ONNX Runtime's default 4-bit RTN 0.0807
 * and 2-bit 0.406, a 20-candidate clip search 0.333.
 */
class QuantErrorLimitsTest {
    private static final float[] DATA = QuantizersTest.gaussian(1 << 20, 42);

    private static double rmse(int bits, int block, QuantMethod m, boolean sym) {
        QuantizedMatrix q = new FastQuantizer().quantize(DATA, DATA.length / 4096, 4096, new QuantSpec(bits, block,
                m, sym));
        return ErrorStats.relativeRmse(DATA, q.dequantize());
    }

    @Test
    void roundToNearestReproducesTheAnchors() {
        assertEquals(0.0859, rmse(4, 32, QuantMethod.RTN, true), 0.0008, "ggml Q4_0: the same algorithm");
        assertEquals(0.0807, rmse(4, 32, QuantMethod.RTN, false), 0.0008, "ONNX Runtime's default 4-bit");
        assertEquals(0.406, rmse(2, 32, QuantMethod.RTN, false), 0.003, "ONNX Runtime's default 2-bit");
    }

    @Test
    void searchBeatsTheAnchors() {
        assertTrue(rmse(4, 32, QuantMethod.SEARCH, false) <= 0.078);
        assertTrue(rmse(2, 32, QuantMethod.SEARCH, false) <= 0.333);
        assertTrue(rmse(2, 32, QuantMethod.SEARCH, true) <= 0.335);
        assertTrue(rmse(4, 32, QuantMethod.SEARCH, true) <= 0.0815);
    }

    @Test
    void everyFormatStaysWithinItsLimitAndSearchBeatsRoundToNearest() {
        // limits: measured values (quant-bench) plus about 2 %
        double[][] limits = { // bits, block, rtn limit, search limit
            {8, 32, 0.0055, 0.0052}, {8, 128, 0.0066, 0.0065},
            {4, 32, 0.088, 0.0815}, {4, 128, 0.106, 0.099},
            {2, 32, 0.415, 0.340}, {2, 128, 0.515, 0.377}};
        for (double[] l : limits) {
            int bits = (int) l[0];
            int block = (int) l[1];
            for (boolean sym : new boolean[] {true, false}) {
                double rtn = rmse(bits, block, QuantMethod.RTN, sym);
                double search = rmse(bits, block, QuantMethod.SEARCH, sym);
                String what = bits + "-bit block " + block + (sym ? " symmetric" : " asymmetric");
                assertTrue(rtn <= l[2], what + " rtn " + rtn);
                assertTrue(search <= l[3], what + " search " + search);
                assertTrue(search < rtn, what + ": search " + search + " vs rtn " + rtn);
            }
        }
    }
}
