package io.nanogrid.engine.train;

import java.util.Arrays;
import java.util.Random;

/**
 * The nano classifier: an input stage (for a bag of ids, the sum of its embedding rows divided by n
 * (mean pooling) or by sqrt(n); a dense vector as it is; or both side by side: the pooled bag, then the
 * vector), then dense layers with ReLU between them, then softmax.
 */
final class Network {
    /** [buckets][dim] row-major, or null for dense input. */
    final float[] embedding;
    final int buckets;
    /** Width of the pooled bag at the start of the input (0 without a bag). */
    final int bagWidth;
    final int inputWidth;
    final Dense[] layers;
    final int classes;
    /** Bags are pooled as sum / sqrt(n) rather than the mean. */
    final boolean sqrtPooling;

    /**
     * @param bag     true for bags of ids (an embedding of {@code inputs} rows of width dim)
     * @param inputs  buckets (bag) or features (dense)
     * @param dim     embedding width (bag only)
     * @param hidden  hidden width, 0 for none
     */
    Network(boolean bag, int inputs, int dim, int hidden, int classes, long seed) {
        this(bag, inputs, dim, hidden, classes, seed, false);
    }

    /** @param sqrtPooling pool a bag as sum / sqrt(n) instead of the mean */
    Network(boolean bag, int inputs, int dim, int hidden, int classes, long seed, boolean sqrtPooling) {
        this(bag ? inputs : 0, bag ? dim : 0, bag ? 0 : inputs, hidden, classes, seed, sqrtPooling);
    }

    /**
     * A bag of ids and a dense vector side by side (either may be absent).
     *
     * @param buckets    rows of the bag's embedding, 0 for none
     * @param dim        the bag's embedding width
     * @param denseWidth the dense vector's width, 0 for none
     */
    Network(int buckets, int dim, int denseWidth, int hidden, int classes, long seed, boolean sqrtPooling) {
        this.sqrtPooling = sqrtPooling;
        Random rnd = new Random(seed);
        this.classes = classes;
        boolean bag = buckets > 0;
        this.buckets = buckets;
        this.bagWidth = bag ? dim : 0;
        this.inputWidth = bagWidth + denseWidth;
        int inputs = buckets;
        if (bag) {
            embedding = new float[Math.multiplyExact(inputs, dim)];
            float r = 1f / dim;
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = (rnd.nextFloat() * 2 - 1) * r;
            }
        } else {
            embedding = null;
        }
        layers = hidden > 0
                ? new Dense[] {new Dense(inputWidth, hidden), new Dense(hidden, classes)}
                : new Dense[] {new Dense(inputWidth, classes)};
        for (int l = 0; l < layers.length; l++) {
            Dense d = layers[l];
            boolean last = l == layers.length - 1;
            // He initialization before a ReLU; the output layer of a linear model starts at zero
            double scale = last && layers.length == 1 && bag ? 0 : Math.sqrt(2.0 / d.in);
            for (int i = 0; i < d.w.length; i++) {
                d.w[i] = (float) (rnd.nextGaussian() * scale);
            }
        }
    }

    long parameters() {
        long n = embedding != null ? embedding.length : 0;
        for (Dense d : layers) {
            n += d.w.length + d.b.length;
        }
        return n;
    }

    /** Scratch space for one example's forward and backward pass; one per thread. */
    final class Scratch {
        final float[][] acts = new float[layers.length + 1][];
        final float[][] grads = new float[layers.length + 1][];
        final float[] probs = new float[classes];

        Scratch() {
            acts[0] = new float[inputWidth];
            grads[0] = new float[inputWidth];
            for (int l = 0; l < layers.length; l++) {
                acts[l + 1] = new float[layers[l].out];
                grads[l + 1] = new float[layers[l].out];
            }
        }
    }

    /** Fills s.probs for one example (ids or x); returns the probabilities array. */
    float[] forward(int[] ids, float[] x, Scratch s) {
        float[] a0 = s.acts[0];
        if (ids != null) {
            Arrays.fill(a0, 0, bagWidth, 0f);
            int d = bagWidth;
            for (int id : ids) {
                int row = id * d;
                for (int j = 0; j < d; j++) {
                    a0[j] += embedding[row + j];
                }
            }
            float inv = poolingScale(ids.length);
            for (int j = 0; j < d; j++) {
                a0[j] *= inv;
            }
        }
        if (x != null) {
            System.arraycopy(x, 0, a0, bagWidth, inputWidth - bagWidth);
        }
        for (int l = 0; l < layers.length; l++) {
            float[] z = s.acts[l + 1];
            layers[l].forward(s.acts[l], z);
            if (l < layers.length - 1) {
                for (int j = 0; j < z.length; j++) {
                    if (z[j] < 0) {
                        z[j] = 0;
                    }
                }
            }
        }
        softmax(s.acts[layers.length], s.probs);
        return s.probs;
    }

    /**
     * Forward and backward for one example; adds its weighted cross-entropy gradient to g and
     * returns its loss.
     */
    double accumulate(int[] ids, float[] x, int target, float weight, Scratch s, Gradients g) {
        float[] p = forward(ids, x, s);
        double loss = -weight * Math.log(Math.max(p[target], 1e-12));
        float[] top = s.grads[layers.length];
        for (int k = 0; k < classes; k++) {
            top[k] = weight * (p[k] - (k == target ? 1f : 0f));
        }
        for (int l = layers.length - 1; l >= 0; l--) {
            boolean needInputGrad = l > 0 || ids != null;
            layers[l].backward(s.acts[l], s.grads[l + 1], g.w[l], g.b[l], needInputGrad ? s.grads[l] : null);
            if (l > 0) {
                float[] a = s.acts[l];
                float[] gl = s.grads[l];
                for (int j = 0; j < gl.length; j++) {
                    if (a[j] <= 0) {
                        gl[j] = 0; // ReLU
                    }
                }
            }
        }
        if (ids != null) {
            float inv = poolingScale(ids.length);
            float[] g0 = s.grads[0];
            for (int id : ids) {
                g.embedding.add(id, g0, inv);
            }
        }
        return loss;
    }

    /** What the sum of a bag's n rows is multiplied by. */
    float poolingScale(int n) {
        return sqrtPooling ? (float) (1 / Math.sqrt(n)) : 1f / n;
    }

    static void softmax(float[] z, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            out[k] = (float) Math.exp(z[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < z.length; k++) {
            out[k] /= (float) sum;
        }
    }

    /** A deep copy of every parameter (for early stopping's best-so-far). */
    float[][] snapshot() {
        float[][] out = new float[1 + 2 * layers.length][];
        out[0] = embedding != null ? embedding.clone() : null;
        for (int l = 0; l < layers.length; l++) {
            out[1 + 2 * l] = layers[l].w.clone();
            out[2 + 2 * l] = layers[l].b.clone();
        }
        return out;
    }

    void restore(float[][] snap) {
        if (embedding != null) {
            System.arraycopy(snap[0], 0, embedding, 0, embedding.length);
        }
        for (int l = 0; l < layers.length; l++) {
            System.arraycopy(snap[1 + 2 * l], 0, layers[l].w, 0, layers[l].w.length);
            System.arraycopy(snap[2 + 2 * l], 0, layers[l].b, 0, layers[l].b.length);
        }
    }
}
