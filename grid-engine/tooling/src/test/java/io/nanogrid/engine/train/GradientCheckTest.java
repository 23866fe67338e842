package io.nanogrid.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The analytic gradients of the network against central finite differences, parameter by parameter. */
class GradientCheckTest {
    private static double loss(Network net, int[] ids, float[] x, int y, float w) {
        Network.Scratch s = net.new Scratch();
        float[] p = net.forward(ids, x, s);
        return -w * Math.log(p[y]);
    }

    private static void check(Network net, int[] ids, float[] x, int y, float w) {
        Gradients g = new Gradients(net);
        net.accumulate(ids, x, y, w, net.new Scratch(), g);
        int checked = 0;
        for (int l = 0; l < net.layers.length; l++) {
            checked += compare(net, net.layers[l].w, g.w[l], ids, x, y, w, "layer " + l + " weight");
            checked += compare(net, net.layers[l].b, g.b[l], ids, x, y, w, "layer " + l + " bias");
        }
        if (ids != null) {
            float[] dense = new float[net.embedding.length];
            for (int r = 0; r < g.embedding.size(); r++) {
                System.arraycopy(g.embedding.values(), r * net.inputWidth, dense, g.embedding.id(r) * net.inputWidth,
                        net.inputWidth);
            }
            checked += compare(net, net.embedding, dense, ids, x, y, w, "embedding");
        }
        assertTrue(checked > 20, "checked " + checked + " parameters");
    }

    private static int compare(Network net, float[] param, float[] analytic, int[] ids, float[] x, int y, float w,
            String what) {
        float eps = 1e-2f;
        for (int i = 0; i < param.length; i++) {
            float keep = param[i];
            param[i] = keep + eps;
            double up = loss(net, ids, x, y, w);
            param[i] = keep - eps;
            double down = loss(net, ids, x, y, w);
            param[i] = keep;
            double numeric = (up - down) / (2 * eps);
            double tolerance = 2e-3 + 2e-2 * Math.abs(numeric);
            assertEquals(numeric, analytic[i], tolerance, what + " [" + i + "]");
        }
        return param.length;
    }

    private static void randomize(Network net, Random rnd) {
        for (Dense d : net.layers) {
            for (int i = 0; i < d.b.length; i++) {
                d.b[i] = (float) rnd.nextGaussian() * 0.3f;
            }
            for (int i = 0; i < d.w.length; i++) {
                d.w[i] = (float) rnd.nextGaussian() * 0.5f;
            }
        }
        if (net.embedding != null) {
            for (int i = 0; i < net.embedding.length; i++) {
                net.embedding[i] = (float) rnd.nextGaussian();
            }
        }
    }

    @Test
    void bagWithHiddenLayerAndRepeatedIds() {
        Network net = new Network(true, 11, 4, 5, 3, 1);
        randomize(net, new Random(2));
        check(net, new int[] {3, 7, 3, 10, 0}, null, 2, 1.7f);
    }

    @Test
    void linearBag() {
        Network net = new Network(true, 9, 3, 0, 4, 3);
        randomize(net, new Random(4));
        check(net, new int[] {1, 8, 8}, null, 0, 1f);
    }

    @Test
    void sqrtPooledBag() {
        Network net = new Network(true, 9, 3, 4, 4, 3, true);
        randomize(net, new Random(5));
        check(net, new int[] {1, 8, 8, 2}, null, 3, 1f);
    }

    @Test
    void denseInputWithHiddenLayer() {
        Network net = new Network(false, 6, 0, 4, 3, 5);
        randomize(net, new Random(6));
        check(net, null, new float[] {0.5f, -1f, 2f, 0f, 0.25f, 1.5f}, 1, 1f);
    }
}
