package io.nanogrid.engine.cli.tools;

import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.WeightBits;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.GatherForm;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import java.util.ArrayList;
import java.util.List;

/** Parses and checks the quantization flags shared by quantize, sweep and plan, with one-line errors. */
final class QuantOptions {
    private QuantOptions() {
    }

    static int bits(String s, String flag) {
        int b = integer(s, flag);
        if (!WeightBits.supported(b)) {
            throw new BadInputException(flag + " " + s + ": expected " + WeightBits.listed());
        }
        return b;
    }

    static int block(String s, String flag) {
        int b = integer(s, flag);
        if (!QuantSpec.isStandardBlock(b)) {
            throw new BadInputException(flag + " " + s + ": expected a power of two from " + QuantSpec.MIN_BLOCK
                    + " to " + QuantSpec.MAX_BLOCK + " (16, 32, 64, 128, 256)");
        }
        return b;
    }

    static QuantMethod method(String s, String flag) {
        try {
            return QuantMethod.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(flag + " " + s + ": expected rtn or search");
        }
    }

    static OutputFormat format(String s) {
        try {
            return OutputFormat.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--format " + s + ": expected nbits, qdq or dynamic");
        }
    }

    /** The format, checked against the bits: dynamic quantizes weights to 8 bits only. */
    static OutputFormat format(String s, int bits) {
        OutputFormat f = format(s);
        if (f == OutputFormat.DYNAMIC && bits != 8) {
            throw new BadInputException("--format dynamic quantizes weights to int8 per channel: give --bits 8, not "
                    + bits);
        }
        return f;
    }

    static GatherForm gather(String s) {
        try {
            return GatherForm.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--gather " + s + ": expected dq, unpack or gbq");
        }
    }

    /** Comma-separated values of a repeatable option: "--bits 8,4 --bits 2" gives [8, 4, 2]. */
    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static int integer(String s, String flag) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(flag + " " + s + ": expected a whole number");
        }
    }
}
