package io.nanogrid.engine.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Models of the shapes users bring and nobody ships small enough to commit, built in code: a
 * scikit-learn-style text pipeline on a string input, a recurrent model with state, a streaming
 * detector (input, state, sample rate), one-column and multi-label sigmoid heads, a [1, 1000, 1, 1]
 * classifier and a spectrogram-like output. Weights are seeded random numbers: the tests check what the
 * grid answers against ONNX Runtime run directly, not that the models are good.
 */
public final class ShapeModels {
    /** The text pipeline's vocabulary: its TF-IDF columns in this order. */
    public static final List<String> VOCABULARY = List.of("good", "great", "fun", "bad", "awful", "boring");

    private ShapeModels() {
    }

    /**
     * String [1] -> com.microsoft Tokenizer (split on spaces) -> TfIdfVectorizer (term counts of
     * {@link #VOCABULARY}) -> MatMul -> Softmax: probabilities of [negative, positive].
     *
     * @param locale null for no StringNormalizer; else a lower-casing StringNormalizer with this locale
     *               ("C" is always installed; en_US.UTF-8, the default of scikit-learn exports, often is not)
     */
    public static ModelProto stringPipeline(String locale) {
        GraphBuilder g = new GraphBuilder("text-pipeline").opset("com.microsoft", 1).opset("ai.onnx.ml", 3);
        g.input("text", ElementType.STRING, 1);
        String text = "text";
        if (locale != null) {
            g.node("StringNormalizer", List.of("text"), List.of("normalized"), Map.of("case_change_action", "LOWER",
                    "locale", locale));
            text = "normalized";
        }
        g.node("com.microsoft", "Tokenizer", List.of(text), List.of("tokens"), Map.of("mark", 0, "pad_value", "#",
                "separators", new String[] {" "}, "mincharnum", 1));
        int v = VOCABULARY.size();
        long[] indexes = new long[v];
        for (int i = 0; i < v; i++) {
            indexes[i] = i;
        }
        g.node("TfIdfVectorizer", List.of("tokens"), List.of("counts"), Map.of("mode", "TF", "min_gram_length", 1,
                "max_gram_length", 1, "max_skip_count", 0, "ngram_counts", new long[] {0}, "ngram_indexes", indexes,
                "pool_strings", VOCABULARY.toArray(String[]::new)));
        float[] w = new float[v * 2];
        for (int i = 0; i < v; i++) {
            boolean positive = i < 3;
            w[i * 2] = positive ? -2f : 2f;
            w[i * 2 + 1] = positive ? 2f : -2f;
        }
        g.floats("w", new long[] {v, 2}, w);
        g.node("MatMul", List.of("counts", "w"), List.of("logits"));
        g.node("Softmax", List.of("logits"), List.of("probabilities"), Map.of("axis", -1));
        g.output("probabilities", ElementType.FLOAT, 1, 2);
        return g.build();
    }

    /**
     * A recurrent classifier: h' = tanh(x A + h B), y = softmax(h' C). Inputs x float [1, 4] and h float
     * [1, hidden]; outputs y [1, 3] and h_out [1, hiddenOut] (hiddenOut != hidden: a state that changes
     * shape, refused when bound).
     */
    public static ModelProto recurrent(int hidden, int hiddenOut) {
        Random r = new Random(11);
        GraphBuilder g = new GraphBuilder("recurrent");
        g.input("x", ElementType.FLOAT, 1, 4);
        g.input("h", ElementType.FLOAT, 1, hidden);
        g.floats("a", new long[] {4, hiddenOut}, gaussian(r, 4 * hiddenOut));
        g.floats("b", new long[] {hidden, hiddenOut}, gaussian(r, hidden * hiddenOut));
        g.floats("c", new long[] {hiddenOut, 3}, gaussian(r, hiddenOut * 3));
        g.node("MatMul", List.of("x", "a"), List.of("xa"));
        g.node("MatMul", List.of("h", "b"), List.of("hb"));
        g.node("Add", List.of("xa", "hb"), List.of("pre"));
        g.node("Tanh", List.of("pre"), List.of("h_out"));
        g.node("MatMul", List.of("h_out", "c"), List.of("logits"));
        g.node("Softmax", List.of("logits"), List.of("y"), Map.of("axis", -1));
        g.output("y", ElementType.FLOAT, 1, 3);
        g.output("h_out", ElementType.FLOAT, 1, hiddenOut);
        return g.build();
    }

    /**
     * A streaming detector shaped like Silero VAD: input float [1, frame] (its context samples first),
     * state float [2, 1, 4], sr int64 [1]; output [1, 1] = sigmoid(sum(stateN)), stateN = state / 2 +
     * mean(|input|) * sr / 16000. Loud frames raise the score, the state remembers them a while.
     */
    public static ModelProto streamDetector(int frame) {
        GraphBuilder g = new GraphBuilder("stream-detector");
        g.input("input", ElementType.FLOAT, 1, frame);
        g.input("state", ElementType.FLOAT, 2, "batch", 4);
        g.input("sr", ElementType.INT64, 1);
        g.floats("half", new long[] {}, new float[] {0.5f});
        g.floats("scale", new long[] {}, new float[] {1f / 16000});
        g.floats("bias", new long[] {}, new float[] {-2f});
        g.node("Abs", List.of("input"), List.of("loud"));
        g.node("ReduceMean", List.of("loud"), List.of("level"), Map.of("keepdims", 0));
        g.node("Cast", List.of("sr"), List.of("srf"), Map.of("to", ElementType.FLOAT.code()));
        g.node("Mul", List.of("srf", "scale"), List.of("srs"));
        g.node("Mul", List.of("level", "srs"), List.of("push"));
        g.node("Mul", List.of("state", "half"), List.of("decayed"));
        g.node("Add", List.of("decayed", "push"), List.of("stateN"));
        g.node("ReduceSum", List.of("stateN"), List.of("total"), Map.of("keepdims", 0));
        g.node("Add", List.of("total", "bias"), List.of("logit"));
        g.longs("one_one", new long[] {2}, new long[] {1, 1});
        g.node("Reshape", List.of("logit", "one_one"), List.of("logit2"));
        g.node("Sigmoid", List.of("logit2"), List.of("output"));
        g.output("output", ElementType.FLOAT, 1, 1);
        g.output("stateN", ElementType.FLOAT, 2, "batch", 4);
        return g.build();
    }

    /** x float [1, 4] -> a single column: sigmoid(x w + b) ([N, 1], a wake-word detector's head). */
    public static ModelProto sigmoidHead(boolean logitsOnly) {
        GraphBuilder g = new GraphBuilder("sigmoid-head");
        g.input("x", ElementType.FLOAT, "batch", 4);
        g.floats("w", new long[] {4, 1}, new float[] {1f, -1f, 0.5f, 2f});
        g.floats("b", new long[] {1}, new float[] {-0.25f});
        g.node("MatMul", List.of("x", "w"), List.of("xw"));
        g.node("Add", List.of("xw", "b"), List.of(logitsOnly ? "score" : "logit"));
        if (!logitsOnly) {
            g.node("Sigmoid", List.of("logit"), List.of("score"));
        }
        g.output("score", ElementType.FLOAT, "batch", 1);
        return g.build();
    }

    /** x float [1, 4] -> five independent sigmoids [1, 5] (multi-label). */
    public static ModelProto multiLabelHead() {
        Random r = new Random(5);
        GraphBuilder g = new GraphBuilder("multi-label");
        g.input("x", ElementType.FLOAT, "batch", 4);
        g.floats("w", new long[] {4, 5}, gaussian(r, 20));
        g.node("MatMul", List.of("x", "w"), List.of("logits"));
        g.node("Sigmoid", List.of("logits"), List.of("scores"));
        g.output("scores", ElementType.FLOAT, "batch", 5);
        return g.build();
    }

    /** An image [1, 3, 8, 8] -> 1x1 convolution to 1000 channels -> global average pool -> [1, 1000, 1, 1]. */
    public static ModelProto thousandClasses() {
        Random r = new Random(3);
        GraphBuilder g = new GraphBuilder("thousand");
        g.input("image", ElementType.FLOAT, 1, 3, 8, 8);
        g.floats("w", new long[] {1000, 3, 1, 1}, gaussian(r, 3000));
        g.node("Conv", List.of("image", "w"), List.of("maps"));
        g.node("GlobalAveragePool", List.of("maps"), List.of("logits"));
        g.node("Softmax", List.of("logits"), List.of("prob"), Map.of("axis", 1));
        g.output("prob", ElementType.FLOAT, 1, 1000, 1, 1);
        return g.build();
    }

    /** Samples [1, n] -> a spectrogram-like [1, 8, frames] (a feature extractor: no classes anywhere). */
    public static ModelProto spectrogram() {
        GraphBuilder g = new GraphBuilder("spectrogram");
        g.input("samples", ElementType.FLOAT, 1, "n");
        g.longs("shape", new long[] {3}, new long[] {1, 8, -1});
        g.node("Reshape", List.of("samples", "shape"), List.of("spec"));
        g.output("spec", ElementType.FLOAT, 1, 8, "frames");
        return g.build();
    }

    private static float[] gaussian(Random r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextGaussian();
        }
        return out;
    }
}
