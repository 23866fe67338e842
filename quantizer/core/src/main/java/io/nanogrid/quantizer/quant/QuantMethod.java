package io.nanogrid.quantizer.quant;

import java.util.Arrays;
import java.util.Locale;

/** How each block's scale (and zero point) is chosen. */
public enum QuantMethod {
    /** Round to nearest with the block's own range: one pass, the scale is fixed by the extremes. */
    RTN,
    /**
     * A search over clipping candidates: each candidate scale assigns codes, a least-squares fit
     * gives the best scale for those codes, and the candidate with the least squared error wins;
     * two refinement rounds re-assign the codes with the fitted scale (and a shifted zero point).
     * The idea of ggml's make_qx_quants / make_qkx2_quants, for ONNX's integer zero points.
     */
    SEARCH;

    /** The name used on the command line and in files: "rtn", "search". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static QuantMethod parse(String s) {
        for (QuantMethod m : values()) {
            if (m.wireName().equalsIgnoreCase(s.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + s + "'; expected one of "
                + Arrays.stream(values()).map(QuantMethod::wireName).toList());
    }
}
