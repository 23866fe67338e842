package io.nanogrid.engine.quant;

import java.util.List;
import java.util.Map;

/**
 * How much each weight, quantized alone, moves the model's output on calibration examples, at each
 * width: the relative output error sqrt(sum |y_q - y|^2 / sum |y|^2) over every float output, with every
 * other weight float.
 *
 * @param data     the calibration data
 * @param examples how many examples were run
 * @param block    the block every width was measured with
 * @param widths   the bits measured, widest first
 * @param rows     one per weight, in the model's order
 */
public record Sensitivity(String data, int examples, int block, List<Integer> widths, List<Row> rows) {
    /**
     * @param weight        the tensor's name
     * @param op            the operator that reads it
     * @param values        how many values it holds
     * @param error         relative output error by bits
     * @param bitsPerWeight stored bits per value by bits (codes, scales, zero points)
     */
    public record Row(String weight, String op, long values, Map<Integer, Double> error,
            Map<Integer, Double> bitsPerWeight) {
    }
}
