package io.nanogrid.engine.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.features.TextHashedNgrams;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.onnx.OnnxModels;
import io.nanogrid.onnx.TensorProtos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Small real ONNX models built in code for tests: keyword text classifiers (embedding bag + softmax,
 * the same graph shape the trainers export), and experts that fail, answer NaN or run slowly.
 */
public final class TestModels {
    /** Word unigrams only, few buckets: keywords map to known buckets. */
    public static final TextHashedNgramsSpec TEXT = TextHashedNgramsSpec.defaults().withBuckets(4096)
            .withNgrams(List.of(1, 1), List.of());

    private TestModels() {
    }

    /**
     * A text classifier: each keyword's bucket votes strongly for its label; a text with no keyword
     * gets equal probabilities for every label.
     */
    public static ModelProto keywordClassifier(List<String> labels, Map<String, List<String>> keywords) {
        int b = TEXT.buckets();
        int k = labels.size();
        float[] emb = new float[b * k];
        TextHashedNgrams f = new TextHashedNgrams(TEXT);
        keywords.forEach((label, words) -> {
            int col = labels.indexOf(label);
            for (String w : words) {
                for (int id : f.ids(w)) {
                    emb[id * k + col] = 8f;
                }
            }
        });
        GraphBuilder g = base("keywords", labels);
        g.floats("emb", new long[] {b, k}, emb);
        g.node("Gather", List.of("emb", "ids"), List.of("bag"), Map.of("axis", 0));
        g.node("ReduceMean", List.of("bag"), List.of("mean"), Map.of("axes", new long[] {1}, "keepdims", 0));
        g.node("Softmax", List.of("mean"), List.of("probabilities"), Map.of("axis", -1));
        g.output("probabilities", ElementType.FLOAT, 1, k);
        return g.build();
    }

    /** Loads fine, fails at every run (a Reshape to an impossible shape). */
    public static ModelProto failing(List<String> labels) {
        GraphBuilder g = base("failing", labels);
        g.floats("emb", new long[] {TEXT.buckets(), labels.size()}, new float[TEXT.buckets() * labels.size()]);
        g.longs("bad_shape", new long[] {2}, new long[] {7, 3});
        g.node("Gather", List.of("emb", "ids"), List.of("bag"), Map.of("axis", 0));
        g.node("ReduceMean", List.of("bag"), List.of("mean"), Map.of("axes", new long[] {1}, "keepdims", 0));
        g.node("Reshape", List.of("mean", "bad_shape"), List.of("probabilities"));
        g.output("probabilities", ElementType.FLOAT, 1, labels.size());
        return g.build();
    }

    /** Answers NaN scores (the log of a negative number). */
    public static ModelProto nan(List<String> labels) {
        GraphBuilder g = base("nan", labels);
        int k = labels.size();
        g.floats("emb", new long[] {TEXT.buckets(), k}, new float[TEXT.buckets() * k]);
        g.floats("minus_one", new long[] {1}, new float[] {-1f});
        g.node("Gather", List.of("emb", "ids"), List.of("bag"), Map.of("axis", 0));
        g.node("ReduceMean", List.of("bag"), List.of("mean"), Map.of("axes", new long[] {1}, "keepdims", 0));
        g.node("Add", List.of("mean", "minus_one"), List.of("negative"));
        g.node("Log", List.of("negative"), List.of("probabilities"));
        g.output("probabilities", ElementType.FLOAT, 1, k);
        return g.build();
    }

    /**
     * Runs for a long time: a Loop of {@code iterations} matrix products, then the keyword-free
     * classifier's output. Used to test time limits.
     */
    public static ModelProto slow(List<String> labels, long iterations) {
        int k = labels.size();
        GraphBuilder body = new GraphBuilder("body");
        body.input("i", ElementType.INT64);
        body.input("cond_in", ElementType.BOOL);
        body.input("acc_in", ElementType.FLOAT, 64, 64);
        body.node("MatMul", List.of("acc_in", "acc_in"), List.of("prod"));
        body.node("Tanh", List.of("prod"), List.of("acc_out"));
        body.node("Identity", List.of("cond_in"), List.of("cond_out"));
        body.output("cond_out", ElementType.BOOL);
        body.output("acc_out", ElementType.FLOAT, 64, 64);

        GraphBuilder g = base("slow", labels);
        float[] init = new float[64 * 64];
        for (int i = 0; i < 64; i++) {
            init[i * 64 + i] = 0.5f;
        }
        g.floats("acc0", new long[] {64, 64}, init);
        g.longs("trips", new long[] {}, new long[] {iterations});
        g.initializer(TensorProtos.raw("cond0", ElementType.BOOL, new long[] {}, new byte[] {1}));
        g.floats("emb", new long[] {TEXT.buckets(), k}, new float[TEXT.buckets() * k]);
        g.node("Loop", List.of("trips", "cond0", "acc0"), List.of("acc_final"), Map.of("body", body.buildGraph()));
        g.node("Gather", List.of("emb", "ids"), List.of("bag"), Map.of("axis", 0));
        g.node("ReduceMean", List.of("bag"), List.of("mean"), Map.of("axes", new long[] {1}, "keepdims", 0));
        g.node("ReduceSum", List.of("acc_final"), List.of("total"), Map.of("keepdims", 0));
        g.node("Mul", List.of("total", "zero"), List.of("nothing"));
        g.floats("zero", new long[] {}, new float[] {0f});
        g.node("Add", List.of("mean", "nothing"), List.of("scores"));
        g.node("Softmax", List.of("scores"), List.of("probabilities"), Map.of("axis", -1));
        g.output("probabilities", ElementType.FLOAT, 1, k);
        return g.build();
    }

    /** Input ids [1, n] and metadata saying how to feed and read the model. */
    private static GraphBuilder base(String name, List<String> labels) {
        GraphBuilder g = new GraphBuilder(name);
        g.input("ids", ElementType.INT64, 1, "n");
        g.metadata("nanogrid.input", Json.compact().toJson(TEXT, InputSpec.class));
        g.metadata("nanogrid.output", Json.compact().toJson(LabelsSpec.of(labels), OutputSpec.class));
        return g;
    }

    public static Path write(ModelProto model, Path file) {
        OnnxModels.write(model, file);
        return file;
    }
}
