package io.nanogrid.quantizer.rewrite;

import io.nanogrid.quantizer.quant.Hessian;
import java.util.Map;

/**
 * What calibration data says about a model: for the input value of each MatMul/Gemm weight (by value
 * name), the accumulated x x^T of its rows ({@link Hessian}).
 *
 * @param inputs    by the name of the value a weight multiplies
 * @param source    what the data was (a file name), for the model's metadata
 * @param examples  how many examples were run
 * @param rowCounts by embedding table (a weight only Gather reads): how often the data read each of its rows
 */
public record Calibration(Map<String, Hessian> inputs, String source, int examples, Map<String, long[]> rowCounts) {
    public Calibration {
        inputs = Map.copyOf(inputs);
        rowCounts = Map.copyOf(rowCounts);
    }

    public Calibration(Map<String, Hessian> inputs, String source, int examples) {
        this(inputs, source, examples, Map.of());
    }

    /** How often the data read each row of a table of {@code rows} rows, or null when not recorded. */
    public long[] rowsRead(String table, int rows) {
        long[] c = rowCounts.get(table);
        return c != null && c.length == rows ? c : null;
    }

    /** The Hessian for a value of k features, or null when none was recorded (or of another length). */
    public Hessian of(String value, int k) {
        Hessian h = inputs.get(value);
        return h != null && h.k() == k && h.rows() > 0 ? h : null;
    }
}
