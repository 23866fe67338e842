package io.nanogrid.app.canvas;

import io.nanogrid.engine.inspect.ModelReport;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.WeightTensor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The short facts shown on a node: parameters, bytes, weight bits, p50 latency. */
public final class Badges {
    private static final String QUANTIZATION = "nanogrid.quantization.";

    private Badges() {
    }

    public static List<String> of(ModelReport r, Double p50Micros) {
        List<String> out = new ArrayList<>();
        if (r != null) {
            out.add(count(r.parameters()) + " params");
            out.add(bytes(r.fileBytes()));
            out.add(bits(r));
        }
        if (p50Micros != null) {
            out.add(String.format(Locale.ROOT, "p50 %.0f µs", p50Micros));
        }
        return out;
    }

    /**
     * A quantized model's true bits, format and method from its metadata ("4-bit nbits gptq+search",
     * "mixed 2.98 bpw nbits gptq+rtn", "int8 dynamic rtn"); else the weight type that holds most of
     * the bytes: "fp32", "int8", "4-bit", "2-bit".
     */
    public static String bits(ModelReport r) {
        String q = r.metadata().get(QUANTIZATION + "bits");
        if (q != null) {
            String format = r.metadata().getOrDefault(QUANTIZATION + "format", "");
            String method = r.metadata().getOrDefault(QUANTIZATION + "method", "");
            String bpw = r.metadata().get(QUANTIZATION + "bits_per_weight");
            String bits = format.equals("dynamic") ? "int8" : q.equals("mixed") ? "mixed" + (bpw == null ? ""
                    : " " + bpw.replaceFirst("0+$", "").replaceFirst("\\.$", "") + " bpw") : q + "-bit";
            return String.join(" ", bits, format, method).strip().replaceAll(" +", " ");
        }
        if (r.ops().keySet().stream().anyMatch(op -> op.endsWith("MatMulNBits") || op.endsWith("GatherBlockQuantized"))) {
            return "n-bit";
        }
        long best = -1;
        ElementType type = ElementType.FLOAT;
        Map<ElementType, Long> byType = new EnumMap<>(ElementType.class);
        for (WeightTensor w : r.weights()) {
            byType.merge(w.type(), w.bytes(), Long::sum);
        }
        for (var e : byType.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                type = e.getKey();
            }
        }
        return switch (type) {
            case FLOAT -> "fp32";
            case FLOAT16 -> "fp16";
            case BFLOAT16 -> "bf16";
            case INT4, UINT4 -> "4-bit";
            case INT2, UINT2 -> "2-bit";
            default -> type.onnxName();
        };
    }

    public static String count(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }

    public static String bytes(long b) {
        if (b >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1048576.0);
        }
        if (b >= 1 << 10) {
            return String.format(Locale.ROOT, "%.0f KB", b / 1024.0);
        }
        return b + " B";
    }
}
