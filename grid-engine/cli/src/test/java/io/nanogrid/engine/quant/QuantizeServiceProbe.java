package io.nanogrid.engine.quant;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.Npy;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.ort.OrtRuntime;
import java.nio.file.Path;
import java.util.Map;

/** Measures, with ONNX Runtime, how far a quantized model's output moves from the float one's on an .npy input. */
final class QuantizeServiceProbe {
    private static final OrtRuntime ORT = new OrtRuntime();

    private QuantizeServiceProbe() {
    }

    /** sqrt(sum |y_q - y|^2 / sum |y|^2) over the first output, the whole .npy fed at once to input "x". */
    static double outputError(Path floatModel, Path quantized, Path npy) {
        Value x = Npy.read(npy);
        try (Model f = ORT.load(floatModel); Model q = ORT.load(quantized)) {
            float[] a = ((FloatTensor) f.run(Map.of("x", x)).values().iterator().next()).values();
            float[] b = ((FloatTensor) q.run(Map.of("x", x)).values().iterator().next()).values();
            double err = 0;
            double ref = 0;
            for (int i = 0; i < a.length; i++) {
                err += (b[i] - a[i]) * (double) (b[i] - a[i]);
                ref += a[i] * (double) a[i];
            }
            return Math.sqrt(err / ref);
        }
    }
}
