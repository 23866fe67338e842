package io.nanogrid.quantizer.rewrite;

import java.util.Arrays;
import java.util.Locale;

/** How quantized matrix weights are written. */
public enum OutputFormat {
    /** ONNX Runtime's com.microsoft.MatMulNBits (accuracy_level 4): packed, fast, ONNX Runtime only. */
    NBITS,
    /** Standard DequantizeLinear -> MatMul (opset 21; 2-bit needs opset 25): portable; ONNX Runtime fuses it. */
    QDQ,
    /**
     * 8-bit weights (int8, one scale per output channel) with activations quantized at every call:
     * ONNX Runtime's com.microsoft.DynamicQuantizeMatMul (its fused form of DynamicQuantizeLinear ->
     * MatMulInteger -> scale, the fastest CPU path measured for transformers).
     */
    DYNAMIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutputFormat parse(String s) {
        for (OutputFormat f : values()) {
            if (f.wireName().equalsIgnoreCase(s.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + s + "'; expected one of "
                + Arrays.stream(values()).map(OutputFormat::wireName).toList());
    }
}
