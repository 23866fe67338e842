package io.nanogrid.quantizer.quant;

/**
 * Quantizes a row-major matrix block-wise along its rows: each row is cut into blocks of
 * {@code spec.block()} values (the last one may be shorter) and each block gets its own scale (and
 * zero point). Values must be finite (the graph rewriter refuses weights that are not).
 */
public interface BlockQuantizer {
    QuantizedMatrix quantize(float[] values, int rows, int cols, QuantSpec spec);

    /** The production implementation: {@link FastQuantizer}, tested equal to {@link ReferenceQuantizer}. */
    static BlockQuantizer fast() {
        return new FastQuantizer();
    }
}
