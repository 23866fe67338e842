package io.nanogrid.engine.quant;

import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.onnx.ElementType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Checks a rewritten model on one request before it is kept: the source model and the rewritten one run the same
 * made-up request (free dimensions 2 for the first name met and 3 for the others, one size per name, so that a
 * batch is not mistaken for a broadcast; floats from a fixed seed, integers 0) and must answer with outputs of the same shapes. Used for
 * rewrites whose validity depends on shapes the graph does not record ({@code SkipLayerNorms}).
 */
final class FusionProbe {
    private FusionProbe() {
    }

    /** Null when the rewritten model answers like the source; otherwise why it cannot be kept. */
    static String refusal(ModelLoader loader, Path source, byte[] rewritten) {
        Map<String, Value> feed;
        Map<String, String> expected = new LinkedHashMap<>();
        try (Model m = loader.load(source)) {
            feed = feed(m.signature().inputs());
            if (feed == null) {
                return "its inputs cannot be made up (a string or non-integer input)";
            }
            m.run(feed).forEach((k, v) -> expected.put(k, v.describe()));
        } catch (RuntimeException e) {
            return "the source model did not answer a made-up request (" + e.getMessage() + ")";
        }
        try (Model m = loader.load(rewritten, "the fused model")) {
            Map<String, String> got = new LinkedHashMap<>();
            m.run(feed).forEach((k, v) -> got.put(k, v.describe()));
            return got.equals(expected) ? null : "its outputs " + got + " differ in shape from " + expected;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static Map<String, Value> feed(List<TensorDesc> inputs) {
        Random rnd = new Random(17);
        Map<String, Value> feed = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (TensorDesc in : inputs) {
            long[] shape = new long[in.rank()];
            int n = 1;
            for (int i = 0; i < shape.length; i++) {
                Dim d = in.shape().get(i);
                long next = sizes.isEmpty() ? 2 : 3;
                shape[i] = d.isFixed() ? d.size() : d.name() == null || d.name().isEmpty() ? (i == 0 ? 2 : 3)
                        : sizes.computeIfAbsent(d.name(), k -> next);
                n = Math.multiplyExact(n, (int) shape[i]);
            }
            if (in.type() == ElementType.FLOAT) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) rnd.nextGaussian();
                }
                feed.put(in.name(), new FloatTensor(shape, v));
            } else if (in.type() == ElementType.INT64) {
                feed.put(in.name(), new LongTensor(shape, new long[n]));
            } else {
                return null;
            }
        }
        return feed;
    }
}
