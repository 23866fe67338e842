package io.nanogrid.quantizer.rewrite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The metadata entries that say what a quantized model really holds, from the tensors written rather
 * than from the options asked: the bits ("mixed" when the tensors differ, with each tensor's bits), the
 * stored bits per weight (codes, scales and zero points over the quantized values), how the codes were
 * chosen ("+codebook" when embedding tables are product-quantization codebooks; such a table's entry in
 * bits_by_tensor is "codebook" and its sub-vector length), and the calibration data.
 */
final class Provenance {
    private Provenance() {
    }

    static Map<String, String> of(List<TensorReport> reports, QuantizeOptions options) {
        String p = ModelQuantizer.META_PREFIX;
        Map<String, String> out = new LinkedHashMap<>();
        Map<Integer, Long> valuesByBits = new TreeMap<>();
        long values = 0;
        long bytes = 0;
        for (TensorReport r : reports) {
            long n = r.bytesBefore() / 4;
            valuesByBits.merge(r.bits(), n, Long::sum);
            values += n;
            bytes += r.bytesAfter();
        }
        // a codebook's 8-bit codes stand for several values each: not a width of its own ("mixed", with the bpw)
        boolean tables = reports.stream().anyMatch(Provenance::codebook);
        boolean mixed = valuesByBits.size() > 1 || tables;
        out.put(p + "bits", !mixed ? valuesByBits.keySet().iterator().next().toString() : "mixed");
        out.put(p + "bits_per_weight", String.format(Locale.ROOT, "%.3f", values == 0 ? 0 : bytes * 8.0 / values));
        if (mixed) {
            out.put(p + "bits_by_tensor", reports.stream().map(r -> r.name() + "=" + (codebook(r) ? CodebookGather.METHOD
                    + r.block() : Integer.toString(r.bits()))).distinct().collect(Collectors.joining(",")));
        }
        boolean calibrated = reports.stream().anyMatch(r -> r.outputError() != null);
        boolean matrices = reports.stream().anyMatch(r -> !codebook(r));
        String method = (calibrated ? "gptq+" : "") + options.spec().method().wireName();
        // "gptq+search+codebook": matrices as ever, embedding tables as product-quantization codebooks
        out.put(p + "method", !tables ? method : matrices ? method + "+" + CodebookGather.METHOD : CodebookGather.METHOD);
        if (calibrated) {
            out.put(p + "calibration", options.calibration().source());
            out.put(p + "calibration_examples", Integer.toString(options.calibration().examples()));
        }
        return out;
    }

    private static boolean codebook(TensorReport r) {
        return CodebookGather.METHOD.equals(r.method());
    }
}
