package io.nanogrid.onnx;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The bit widths nanogrid quantizes weights to (and bundles, profiles and labs offer): the one list
 * that every check, default and menu takes. Each is an ONNX element type ORT runs fast: int8, int4, int2.
 */
public final class WeightBits {
    /** Widest first. */
    public static final List<Integer> WIDTHS = List.of(8, 4, 2);

    private WeightBits() {
    }

    public static boolean supported(int bits) {
        return WIDTHS.contains(bits);
    }

    /** "8, 4 or 2", for messages. */
    public static String listed() {
        List<String> w = WIDTHS.stream().map(String::valueOf).toList();
        return String.join(", ", w.subList(0, w.size() - 1)) + " or " + w.get(w.size() - 1);
    }

    /** "8,4,2", as a comma-separated option takes them. */
    public static String commaSeparated() {
        return WIDTHS.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
