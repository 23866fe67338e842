package io.nanogrid.engine.train;

import java.util.Arrays;

/** One thread's gradient buffers for a mini-batch: dense for the layers, sparse rows for the embedding. */
final class Gradients {
    final float[][] w;
    final float[][] b;
    final SparseRows embedding;

    Gradients(Network net) {
        w = new float[net.layers.length][];
        b = new float[net.layers.length][];
        for (int l = 0; l < net.layers.length; l++) {
            w[l] = new float[net.layers[l].w.length];
            b[l] = new float[net.layers[l].b.length];
        }
        embedding = net.embedding != null ? new SparseRows(net.bagWidth) : null;
    }

    void clear() {
        for (float[] a : w) {
            Arrays.fill(a, 0f);
        }
        for (float[] a : b) {
            Arrays.fill(a, 0f);
        }
        if (embedding != null) {
            embedding.clear();
        }
    }

    /** this += other, in a fixed order (so results do not depend on thread timing). */
    void add(Gradients other) {
        for (int l = 0; l < w.length; l++) {
            float[] a = w[l];
            float[] o = other.w[l];
            for (int i = 0; i < a.length; i++) {
                a[i] += o[i];
            }
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] += other.b[l][i];
            }
        }
        if (embedding != null) {
            for (int r = 0; r < other.embedding.size(); r++) {
                embedding.add(other.embedding.id(r), other.embedding.values(), r * other.embedding.width, 1f);
            }
        }
    }
}
