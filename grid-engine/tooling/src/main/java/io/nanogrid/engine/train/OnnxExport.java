package io.nanogrid.engine.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.decode.OutputDecoders;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.grid.EncodedSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained network as ONNX (opset 21, IR 10): for text, Gather -> ReduceMean (the
 * embedding bag; or ReduceSum divided by sqrt(n) for sqrt pooling) -> Gemm [-> Relu -> Gemm] ->
 * Softmax over int64 ids [1, n]; for dense input,
 * Flatten -> Gemm ... -> Softmax. The input adapter, the labels, the provenance and a short card go
 * into metadata_props, so nanogrid needs no side file to use the model.
 */
public final class OnnxExport {
    /** metadata_props key of the provenance JSON (what made the model). */
    public static final String PROVENANCE_KEY = "nanogrid.provenance";
    /** metadata_props key of the model card (one paragraph of plain text). */
    public static final String CARD_KEY = "nanogrid.card";

    private OnnxExport() {
    }

    public static ModelProto text(TrainedNetwork trained, InputSpec adapter, Provenance provenance, String card) {
        return text(trained, adapter, provenance, card, 1.0);
    }

    /**
     * @param temperature the logits are divided by it before the softmax (temperature scaling, for
     *                    calibrated confidences); 1 for none
     */
    public static ModelProto text(TrainedNetwork trained, InputSpec adapter, Provenance provenance, String card,
            double temperature) {
        Network net = trained.network();
        GraphBuilder g = header(trained, adapter, provenance, card);
        g.input("ids", ElementType.INT64, 1, "n");
        g.floats("embedding", new long[] {net.buckets, net.bagWidth}, net.embedding);
        g.longs("bag_axes", new long[] {1}, new long[] {1});
        g.node("Gather", List.of("embedding", "ids"), List.of("bag"), Map.of("axis", 0));
        if (net.sqrtPooling) {
            g.node("ReduceSum", List.of("bag", "bag_axes"), List.of("bag_sum"), Map.of("keepdims", 0));
            g.node("Shape", List.of("ids"), List.of("bag_n"), Map.of("start", -1));
            g.node("Cast", List.of("bag_n"), List.of("bag_n_float"), Map.of("to", ElementType.FLOAT.code()));
            g.node("Sqrt", List.of("bag_n_float"), List.of("bag_sqrt_n"));
            g.node("Div", List.of("bag_sum", "bag_sqrt_n"), List.of("features"));
        } else {
            g.node("ReduceMean", List.of("bag", "bag_axes"), List.of("features"), Map.of("keepdims", 0));
        }
        layers(g, net, "features", temperature);
        g.output("probabilities", ElementType.FLOAT, 1, trained.labels().size());
        return g.build();
    }

    /** @param inputShape the model input's shape, e.g. ["batch", 1, 28, 28]; flattened after the batch axis */
    public static ModelProto dense(TrainedNetwork trained, InputSpec adapter, Object[] inputShape,
            Provenance provenance, String card) {
        return dense(trained, adapter, inputShape, provenance, card, 1.0);
    }

    /** As above, the logits divided by {@code temperature} before the softmax. */
    public static ModelProto dense(TrainedNetwork trained, InputSpec adapter, Object[] inputShape,
            Provenance provenance, String card, double temperature) {
        Network net = trained.network();
        GraphBuilder g = header(trained, adapter, provenance, card);
        g.input("input", ElementType.FLOAT, inputShape);
        g.node("Flatten", List.of("input"), List.of("features"), Map.of("axis", 1));
        layers(g, net, "features", temperature);
        g.output("probabilities", ElementType.FLOAT, inputShape[0], trained.labels().size());
        return g.build();
    }

    /**
     * A head on an encoder with n-grams beside the embedding: inputs "ids" (the text's hashed n-grams,
     * int64 [1, n]) and "embedding" (float [1, dimensions]); the pooled bag and the embedding side by side,
     * then the layers.
     */
    public static ModelProto encodedWithNgrams(TrainedNetwork trained, TextHashedNgramsSpec ngrams, int dimensions,
            Provenance provenance, String card, double temperature) {
        Network net = trained.network();
        GraphBuilder g = header(trained, new EncodedSpec("embedding", ngrams, "ids"), provenance, card);
        g.input("ids", ElementType.INT64, 1, "n");
        g.input("embedding", ElementType.FLOAT, 1, dimensions);
        g.floats("ngram_table", new long[] {net.buckets, net.bagWidth}, net.embedding);
        g.longs("bag_axes", new long[] {1}, new long[] {1});
        g.node("Gather", List.of("ngram_table", "ids"), List.of("bag"), Map.of("axis", 0));
        if (net.sqrtPooling) {
            g.node("ReduceSum", List.of("bag", "bag_axes"), List.of("bag_sum"), Map.of("keepdims", 0));
            g.node("Shape", List.of("ids"), List.of("bag_n"), Map.of("start", -1));
            g.node("Cast", List.of("bag_n"), List.of("bag_n_float"), Map.of("to", ElementType.FLOAT.code()));
            g.node("Sqrt", List.of("bag_n_float"), List.of("bag_sqrt_n"));
            g.node("Div", List.of("bag_sum", "bag_sqrt_n"), List.of("bag_features"));
        } else {
            g.node("ReduceMean", List.of("bag", "bag_axes"), List.of("bag_features"), Map.of("keepdims", 0));
        }
        g.node("Concat", List.of("bag_features", "embedding"), List.of("features"), Map.of("axis", 1));
        layers(g, net, "features", temperature);
        g.output("probabilities", ElementType.FLOAT, 1, trained.labels().size());
        return g.build();
    }

    private static GraphBuilder header(TrainedNetwork trained, InputSpec adapter, Provenance provenance,
            String card) {
        GraphBuilder g = new GraphBuilder("nano_classifier").opset("", 21).irVersion(10)
                .producer("nanogrid", "0.1");
        g.metadata(InputAdapters.METADATA_KEY, Json.compact().toJson(adapter, InputSpec.class));
        g.metadata(OutputDecoders.METADATA_KEY, Json.compact().toJson(
                new LabelsSpec(trained.labels(), "probabilities", "probabilities"), OutputSpec.class));
        g.metadata(PROVENANCE_KEY, provenance.toJson());
        if (card != null) {
            g.metadata(CARD_KEY, card);
        }
        return g;
    }

    private static void layers(GraphBuilder g, Network net, String input, double temperature) {
        String x = input;
        for (int l = 0; l < net.layers.length; l++) {
            Dense d = net.layers[l];
            String w = g.floats("dense" + l + ".weight", new long[] {d.in, d.out}, d.w);
            String b = g.floats("dense" + l + ".bias", new long[] {d.out}, d.b);
            boolean last = l == net.layers.length - 1;
            String z = last ? "logits" : "hidden" + l;
            g.node("Gemm", List.of(x, w, b), List.of(z));
            if (!last) {
                g.node("Relu", List.of(z), List.of(z + "_relu"));
                x = z + "_relu";
            }
        }
        String scores = "logits";
        if (temperature != 1.0) {
            g.floats("temperature", new long[] {1}, new float[] {(float) temperature});
            g.node("Div", List.of("logits", "temperature"), List.of("scaled_logits"));
            scores = "scaled_logits";
        }
        g.node("Softmax", List.of(scores), List.of("probabilities"), Map.of("axis", -1));
    }
}
