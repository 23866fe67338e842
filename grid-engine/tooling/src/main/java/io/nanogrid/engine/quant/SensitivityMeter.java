package io.nanogrid.engine.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import io.nanogrid.quantizer.rewrite.QuantizeResult;
import io.nanogrid.quantizer.rewrite.TensorReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures {@link Sensitivity}: for every weight the options would quantize and every width, the model
 * with only that weight quantized (the real format, calibrated when the options carry calibration) is
 * loaded and run on the examples, and its outputs are compared with the float model's.
 */
public final class SensitivityMeter {
    private final ModelLoader loader;
    private final ModelQuantizer quantizer;

    public SensitivityMeter(ModelLoader loader, ModelQuantizer quantizer) {
        this.loader = loader;
        this.quantizer = quantizer;
    }

    /**
     * @param model  the float model, external data loaded
     * @param feeds  the model's inputs, one map per example
     * @param widths the bits to measure
     */
    public Sensitivity measure(ModelProto model, QuantizeOptions options, List<Map<String, Value>> feeds,
            List<Integer> widths, String data, Progress progress) {
        List<Map<String, Value>> reference = run(model.toByteArray(), "float", feeds);
        QuantizeResult all = quantizer.quantize(model, options, Map.of());
        Map<String, TensorReport> weights = new LinkedHashMap<>();
        for (TensorReport t : all.quantized()) {
            weights.putIfAbsent(t.name(), t);
        }
        Set<String> names = new LinkedHashSet<>(weights.keySet());
        List<Sensitivity.Row> rows = new ArrayList<>();
        int done = 0;
        for (TensorReport w : weights.values()) {
            Map<Integer, Double> error = new LinkedHashMap<>();
            Map<Integer, Double> bpw = new LinkedHashMap<>();
            Set<String> others = new HashSet<>(names);
            others.remove(w.name());
            others.addAll(options.keep());
            for (int bits : widths) {
                progress.checkCancelled();
                progress.update(done++, (long) names.size() * widths.size(), "sensitivity of " + w.name() + " at "
                        + bits + " bits");
                QuantizeOptions one = options.withSpec(options.spec().withBits(bits)).withKeep(others)
                        .withBitsByWeight(Map.of()).withTables(null, options.tableBlock());
                QuantizeResult r = quantizer.quantize(model, one, Map.of());
                error.put(bits, relativeError(reference, run(r.model().toByteArray(), w.name(), feeds)));
                bpw.put(bits, r.bytesAfter() * 8.0 / (w.bytesBefore() / 4.0 * r.quantized().size()));
            }
            rows.add(new Sensitivity.Row(w.name(), w.op(), w.bytesBefore() / 4, error, bpw));
        }
        return new Sensitivity(data, feeds.size(), options.spec().block(), List.copyOf(widths), rows);
    }

    private List<Map<String, Value>> run(byte[] model, String what, List<Map<String, Value>> feeds) {
        List<Map<String, Value>> out = new ArrayList<>();
        try (Model m = loader.load(model, what)) {
            for (Map<String, Value> f : feeds) {
                out.add(m.run(f));
            }
        }
        return out;
    }

    /** sqrt(sum |y_q - y|^2 / sum |y|^2) over every float output of every example. */
    static double relativeError(List<Map<String, Value>> reference, List<Map<String, Value>> quantized) {
        double err = 0;
        double ref = 0;
        for (int i = 0; i < reference.size(); i++) {
            for (Map.Entry<String, Value> e : reference.get(i).entrySet()) {
                if (e.getValue() instanceof FloatTensor r && quantized.get(i).get(e.getKey()) instanceof FloatTensor q) {
                    for (int j = 0; j < r.values().length; j++) {
                        double d = q.values()[j] - r.values()[j];
                        err += d * d;
                        ref += (double) r.values()[j] * r.values()[j];
                    }
                }
            }
        }
        return ref > 0 ? Math.sqrt(err / ref) : Math.sqrt(err);
    }
}
