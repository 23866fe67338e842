package io.nanogrid.engine.train;

/**
 * Adam (Kingma and Ba, 2015) with its usual defaults (beta1 0.9, beta2 0.999, eps 1e-8). The
 * embedding is updated lazily: only the rows a mini-batch touched take a step, with the global step
 * count for bias correction (as TensorFlow's LazyAdam does), so a step costs the rows used, not the
 * table.
 */
final class Adam {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final Network net;
    private final float lr;
    private final float[][] mw;
    private final float[][] vw;
    private final float[][] mb;
    private final float[][] vb;
    private final float[] me;
    private final float[] ve;
    private int t;

    Adam(Network net, double learningRate) {
        this.net = net;
        this.lr = (float) learningRate;
        int n = net.layers.length;
        mw = new float[n][];
        vw = new float[n][];
        mb = new float[n][];
        vb = new float[n][];
        for (int l = 0; l < n; l++) {
            mw[l] = new float[net.layers[l].w.length];
            vw[l] = new float[net.layers[l].w.length];
            mb[l] = new float[net.layers[l].b.length];
            vb[l] = new float[net.layers[l].b.length];
        }
        me = net.embedding != null ? new float[net.embedding.length] : null;
        ve = net.embedding != null ? new float[net.embedding.length] : null;
    }

    /** One step with the batch's summed gradients, averaged over {@code batch} examples. */
    void step(Gradients g, int batch) {
        t++;
        float scale = 1f / batch;
        float c1 = (float) (1 - Math.pow(BETA1, t));
        float c2 = (float) (1 - Math.pow(BETA2, t));
        float alpha = (float) (lr * Math.sqrt(c2) / c1);
        for (int l = 0; l < net.layers.length; l++) {
            update(net.layers[l].w, g.w[l], 0, mw[l], vw[l], 0, net.layers[l].w.length, scale, alpha);
            update(net.layers[l].b, g.b[l], 0, mb[l], vb[l], 0, net.layers[l].b.length, scale, alpha);
        }
        if (g.embedding != null) {
            int d = g.embedding.width;
            float[] values = g.embedding.values();
            for (int r = 0; r < g.embedding.size(); r++) {
                int row = g.embedding.id(r) * d;
                update(net.embedding, values, r * d, me, ve, row, d, scale, alpha);
            }
        }
    }

    private static void update(float[] p, float[] grad, int gOff, float[] m, float[] v, int pOff, int n, float scale,
            float alpha) {
        for (int i = 0; i < n; i++) {
            float gi = grad[gOff + i] * scale;
            int k = pOff + i;
            m[k] = BETA1 * m[k] + (1 - BETA1) * gi;
            v[k] = BETA2 * v[k] + (1 - BETA2) * gi * gi;
            p[k] -= alpha * m[k] / ((float) Math.sqrt(v[k]) + EPS);
        }
    }
}
