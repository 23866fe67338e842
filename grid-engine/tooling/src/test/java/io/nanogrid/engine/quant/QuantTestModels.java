package io.nanogrid.engine.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.onnx.GraphScan;
import io.nanogrid.onnx.TensorProtos;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Models built in code with every kind of weight the quantizer rewrites (and some it must leave alone). */
final class QuantTestModels {
    private QuantTestModels() {
    }

    static float[] gaussian(int n, long seed, float scale) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian() * scale;
        }
        return x;
    }

    /** y = x W with W [k, n]; k need not be a multiple of the block. */
    static ModelProto matMul(int k, int n) {
        GraphBuilder g = new GraphBuilder("matmul").opset("", 13);
        g.input("x", ElementType.FLOAT, "batch", k);
        g.floats("W", new long[] {k, n}, gaussian(k * n, 1, 0.1f));
        g.node("MatMul", List.of("x", "W"), List.of("y"));
        g.output("y", ElementType.FLOAT, "batch", n);
        return g.build();
    }

    /**
     * Two Gemms (opset 9, as old exports are, where C is required): transB=1 with alpha, beta and a
     * bias vector; transB=0 with C [1, n].
     */
    static ModelProto gemms(int k, int h, int n) {
        GraphBuilder g = new GraphBuilder("gemms").opset("", 9).irVersion(4);
        g.input("x", ElementType.FLOAT, "batch", k);
        g.floats("B1", new long[] {h, k}, gaussian(h * k, 2, 0.1f));
        g.floats("C1", new long[] {h}, gaussian(h, 3, 0.5f));
        g.floats("B2", new long[] {h, n}, gaussian(h * n, 4, 0.1f));
        g.node("Gemm", List.of("x", "B1", "C1"), List.of("h"), Map.of("transB", 1, "alpha", 0.5f, "beta", 2f));
        g.node("Relu", List.of("h"), List.of("r"));
        g.floats("C2", new long[] {1, n}, gaussian(n, 14, 0.5f));
        g.node("Gemm", List.of("r", "B2", "C2"), List.of("y"), Map.of());
        g.node("LogSoftmax", List.of("y"), List.of("p"), Map.of("axis", 1));
        g.output("p", ElementType.FLOAT, "batch", n);
        return g.build();
    }

    /**
     * The ONNX zoo's mnist-8 tail: a [16, 4, 4, 10] weight reshaped (constant shape) to [256, 10] for a
     * MatMul, and a [16, 2, 5] weight flattened to [16, 10] for a Gemm (transB).
     */
    static ModelProto reshapedWeights() {
        GraphBuilder g = new GraphBuilder("reshaped").opset("", 11).irVersion(6);
        g.input("x", ElementType.FLOAT, 1, 256);
        g.floats("P", new long[] {16, 4, 4, 10}, gaussian(2560, 21, 0.1f));
        g.longs("shape", new long[] {2}, new long[] {256, -1});
        g.node("Reshape", List.of("P", "shape"), List.of("P_matrix"));
        g.node("MatMul", List.of("x", "P_matrix"), List.of("h"));
        g.floats("Q", new long[] {16, 2, 5}, gaussian(160, 22, 0.1f));
        g.node("Flatten", List.of("Q"), List.of("Q_matrix"), Map.of("axis", 1));
        g.node("Gemm", List.of("h", "Q_matrix"), List.of("y"), Map.of("transB", 1));
        g.output("y", ElementType.FLOAT, 1, 16);
        return g.build();
    }

    /** The text experts' shape: Gather on a [buckets, dim] table -> ReduceMean -> Gemm -> Softmax, ids [1, n]. */
    static ModelProto embeddingBag(int buckets, int dim, int classes) {
        return embeddingBags(buckets, dim, classes, 1);
    }

    /**
     * As {@link #embeddingBag}, for a batch of bags: ids [batch, n], probabilities [batch, classes];
     * batch 0 means ids [n] (one bag, its mean kept as [1, dim]).
     */
    static ModelProto embeddingBags(int buckets, int dim, int classes, int batch) {
        return embeddingBags(buckets, dim, classes, batch, 17);
    }

    /** As {@link #embeddingBags(int, int, int, int)} at an ai.onnx opset (ReduceMean's axes an attribute below 18, an input from 18). */
    static ModelProto embeddingBags(int buckets, int dim, int classes, int batch, int opset) {
        GraphBuilder g = new GraphBuilder("bag").opset("", opset);
        if (batch == 0) {
            g.input("ids", ElementType.INT64, "n");
        } else {
            g.input("ids", ElementType.INT64, batch, "n");
        }
        g.floats("emb", new long[] {buckets, dim}, gaussian(buckets * dim, 5, 1f));
        g.floats("W", new long[] {classes, dim}, gaussian(classes * dim, 6, 0.3f));
        g.floats("b", new long[] {classes}, gaussian(classes, 7, 0.1f));
        g.node("Gather", List.of("emb", "ids"), List.of("bag"), Map.of("axis", 0));
        long[] axes = {batch == 0 ? 0 : 1};
        Map<String, Object> keep = Map.of("keepdims", batch == 0 ? 1 : 0);
        if (opset >= 18) {
            g.longs("bag_axes", new long[] {1}, axes);
            g.node("ReduceMean", List.of("bag", "bag_axes"), List.of("mean"), keep);
        } else {
            g.node("ReduceMean", List.of("bag"), List.of("mean"), Map.of("axes", axes, "keepdims", keep.get("keepdims")));
        }
        g.node("Gemm", List.of("mean", "W", "b"), List.of("logits"), Map.of("transB", 1));
        g.node("Softmax", List.of("logits"), List.of("probabilities"), Map.of("axis", -1));
        g.output("probabilities", ElementType.FLOAT, Math.max(batch, 1), classes);
        return g.build();
    }

    /** An embedding bag's mean as the output, [1, dim] or (keepdims) [1, 1, dim], with the axes as an input (opset 18). */
    static ModelProto bagMean(int buckets, int dim, boolean keepdims) {
        GraphBuilder g = new GraphBuilder("bag_mean").opset("", 18);
        g.input("ids", ElementType.INT64, 1, "n");
        g.floats("emb", new long[] {buckets, dim}, gaussian(buckets * dim, 5, 1f));
        g.longs("axes", new long[] {1}, new long[] {1});
        g.node("Gather", List.of("emb", "ids"), List.of("bag"), Map.of("axis", 0));
        g.node("ReduceMean", List.of("bag", "axes"), List.of("mean"), Map.of("keepdims", keepdims ? 1 : 0));
        if (keepdims) {
            g.output("mean", ElementType.FLOAT, 1, 1, dim);
        } else {
            g.output("mean", ElementType.FLOAT, 1, dim);
        }
        return g.build();
    }

    /** A convolution (3x3, 16 output channels) with a bias, opset 11. */
    static ModelProto conv() {
        GraphBuilder g = new GraphBuilder("conv").opset("", 11);
        g.input("x", ElementType.FLOAT, 1, 3, 8, 8);
        g.floats("Wc", new long[] {16, 3, 3, 3}, gaussian(16 * 27, 8, 0.2f));
        g.floats("Bc", new long[] {16}, gaussian(16, 9, 0.1f));
        g.node("Conv", List.of("x", "Wc", "Bc"), List.of("y"), Map.of("pads", new long[] {1, 1, 1, 1}));
        g.output("y", ElementType.FLOAT, 1, 16, 8, 8);
        return g.build();
    }

    /**
     * An If (taken when the input's sum is positive) whose branches multiply by their own weight and by one from the main graph, a Loop whose
     * body multiplies by a Constant node's value, and a LinearClassifier whose coefficients are an
     * attribute (which stays float).
     */
    static ModelProto subgraphs(int k, int n) {
        GraphBuilder then = new GraphBuilder("then");
        then.floats("W_then", new long[] {k, n}, gaussian(k * n, 10, 0.1f));
        then.node("MatMul", List.of("x", "W_then"), List.of("then_out"));
        then.output("then_out", ElementType.FLOAT, 1, n);
        GraphBuilder otherwise = new GraphBuilder("else");
        otherwise.node("MatMul", List.of("x", "W_outer"), List.of("else_out"));
        otherwise.output("else_out", ElementType.FLOAT, 1, n);

        GraphBuilder body = new GraphBuilder("body");
        body.input("i", ElementType.INT64);
        body.input("cond_in", ElementType.BOOL);
        body.input("acc_in", ElementType.FLOAT, 1, k);
        body.node("Constant", List.of(), List.of("W_loop"), Map.of("value", TensorProtos.floats("W_loop_value",
                new long[] {k, k}, gaussian(k * k, 11, 0.05f))));
        body.node("MatMul", List.of("acc_in", "W_loop"), List.of("prod"));
        body.node("Tanh", List.of("prod"), List.of("acc_out"));
        body.node("Identity", List.of("cond_in"), List.of("cond_out"));
        body.output("cond_out", ElementType.BOOL);
        body.output("acc_out", ElementType.FLOAT, 1, k);

        GraphBuilder g = new GraphBuilder("subgraphs").opset("", 13).opset(GraphScan.ML_DOMAIN, 1);
        g.input("x", ElementType.FLOAT, 1, k);
        g.floats("zero", new long[] {}, new float[] {0f});
        g.node("ReduceSum", List.of("x"), List.of("sum"), Map.of("keepdims", 0));
        g.node("Greater", List.of("sum", "zero"), List.of("flag"));
        g.floats("W_outer", new long[] {k, n}, gaussian(k * n, 12, 0.1f));
        g.longs("trips", new long[] {}, new long[] {2});
        g.initializer(TensorProtos.raw("cond0", ElementType.BOOL, new long[] {}, new byte[] {1}));
        g.node("If", List.of("flag"), List.of("branch"), Map.of("then_branch", then.buildGraph(),
                "else_branch", otherwise.buildGraph()));
        g.node("Loop", List.of("trips", "cond0", "x"), List.of("looped"), Map.of("body", body.buildGraph()));
        g.node(GraphScan.ML_DOMAIN, "LinearClassifier", List.of("x"), List.of("label", "scores"),
                Map.of("coefficients", gaussian(3 * k, 13, 1f), "intercepts", new float[3],
                        "classlabels_ints", new long[] {0, 1, 2}));
        g.output("branch", ElementType.FLOAT, 1, n);
        g.output("looped", ElementType.FLOAT, 1, k);
        g.output("scores", ElementType.FLOAT, 1, 3);
        return g.build();
    }

    /** Nothing to quantize: the keyword classifier's table is tiny ([4096, 2]) next to its scales. */
    static ModelProto nothingToQuantize() {
        GraphBuilder g = new GraphBuilder("add");
        g.input("x", ElementType.FLOAT, 1, 4);
        g.floats("b", new long[] {4}, new float[] {1, 2, 3, 4});
        g.node("Add", List.of("x", "b"), List.of("y"));
        g.output("y", ElementType.FLOAT, 1, 4);
        return g.build();
    }

    static ModelProto keywords() {
        return TestModels.keywordClassifier(List.of("a", "b"), Map.of("a", List.of("x"), "b", List.of("y")));
    }
}
