package io.nanogrid.quantizer.rewrite;

import java.util.Arrays;
import java.util.Locale;

/** How a quantized embedding table is read. */
public enum GatherForm {
    /**
     * Standard operators: Gather the packed rows, unpack them with BitwiseAnd/BitShift (opset 18),
     * Cast, subtract the zero point and multiply by the scale. ONNX Runtime 1.29 runs it 3-4x faster
     * than GatherBlockQuantized, whose kernel does int64 divisions for every value (measured: about
     * 0.5 us per gathered row of 32 values). The table stays packed: only the gathered rows are
     * dequantized.
     */
    UNPACK,
    /** ONNX Runtime's com.microsoft.GatherBlockQuantized: one operator, any opset, slower. */
    GBQ;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GatherForm parse(String s) {
        for (GatherForm f : values()) {
            if (f.wireName().equalsIgnoreCase(s.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown gather form '" + s + "'; expected one of "
                + Arrays.stream(values()).map(GatherForm::wireName).toList());
    }
}
