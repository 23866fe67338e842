package io.nanogrid.engine.quant;

import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way to store a model: float as it came, or quantized with given options.
 *
 * @param name    "float", or "q4-b32-search" (with "-sym" when symmetric, "-qdq" or "-dyn" for those formats)
 * @param options the quantization, or null for the float model
 */
public record Variant(String name, QuantizeOptions options) {
    public static final Variant FLOAT = new Variant("float", null);

    public static Variant of(QuantizeOptions o) {
        var s = o.spec();
        return new Variant("q" + s.bits() + "-b" + s.block() + "-" + s.method().wireName() + (s.symmetric() ? "-sym"
                : "") + (o.format() == OutputFormat.QDQ ? "-qdq" : o.format() == OutputFormat.DYNAMIC ? "-dyn" : ""), o);
    }

    /** The variant a name stands for ("float", "q4-b32-search-sym"), with the other options from {@code base}. */
    public static Variant parse(String name, QuantizeOptions base) {
        if (name.equals("float")) {
            return FLOAT;
        }
        Matcher m = Pattern.compile("q(\\d+)-b(\\d+)-(rtn|search)(-sym)?(-qdq|-dyn)?")
                .matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a variant name: " + name);
        }
        var spec = new QuantSpec(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                QuantMethod.parse(m.group(3)), m.group(4) != null);
        var format = "-qdq".equals(m.group(5)) ? OutputFormat.QDQ
                : "-dyn".equals(m.group(5)) ? OutputFormat.DYNAMIC : OutputFormat.NBITS;
        return new Variant(name, base.withSpec(spec).withFormat(format));
    }

    public boolean isFloat() {
        return options == null;
    }

    /** Float first, then every combination of bits x blocks x methods. */
    public static List<Variant> grid(List<Integer> bits, List<Integer> blocks, List<QuantMethod>
            methods, boolean symmetric, QuantizeOptions base) {
        return grid(bits, blocks, methods, symmetric, base, List.of(base.format()));
    }

    /**
     * Float first, then every combination of formats x bits x blocks x methods; {@link OutputFormat#DYNAMIC}
     * only at 8 bits (its matrix weights are int8 whatever the bits; the block is the embedding tables').
     */
    public static List<Variant> grid(List<Integer> bits, List<Integer> blocks, List<QuantMethod>
            methods, boolean symmetric, QuantizeOptions base, List<OutputFormat> formats) {
        List<Variant> out = new ArrayList<>(List.of(FLOAT));
        for (OutputFormat f : formats) {
            for (int b : bits) {
                if (f == OutputFormat.DYNAMIC && b != 8) {
                    continue;
                }
                for (int k : blocks) {
                    for (var m : methods) {
                        var spec = new QuantSpec(b, k, m, symmetric);
                        out.add(of(base.withSpec(spec).withFormat(f)));
                    }
                }
            }
        }
        return out;
    }
}
