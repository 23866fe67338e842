package io.nanogrid.quantizer.rewrite;

import java.util.Arrays;
import java.util.Locale;

/** How a quantized embedding table is read. */
public enum GatherForm {
    /**
     * Standard operators, chosen for what ONNX Runtime 1.29 runs fast: Gather the packed rows, unpack
     * them (Mul and BitwiseAnd on the bytes, opset 18; nothing at 8 bits) and dequantize with one
     * DequantizeLinear fed with the rows' scales and zero points (per axis, from GatherElements, when
     * each row is one block, opset 13; blocked otherwise, opset 21). The table stays packed: only the
     * gathered rows are dequantized. See {@link DequantizedGather}.
     */
    DQ,
    /**
     * Standard operators: Gather the packed rows, unpack them with BitwiseAnd/BitShift (opset 18),
     * Cast, subtract the zero point and multiply by the scale: three or four more operators per
     * request than {@link #DQ}, with the same table.
     */
    UNPACK,
    /**
     * ONNX Runtime's com.microsoft.GatherBlockQuantized: one operator, any opset, but its kernel does
     * int64 divisions for every value (measured: about 0.5 us per gathered row of 32 values).
     */
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
