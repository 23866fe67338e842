package io.nanogrid.engine.router;

import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.eval.ConfusionMatrix;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import java.util.ArrayList;
import java.util.List;

/** Measures a router model (as a one-model grid) on held-out requests whose route is known. */
public final class RouterMetrics {
    private RouterMetrics() {
    }

    /** The router's decision on one request. */
    public record Decision(String route, double confidence) {
    }

    public static Decision decide(Grid router, Request request) {
        GridResponse r = router.route(request);
        if (!(r.result() instanceof LabelAnswer a)) {
            throw new IllegalStateException("the router gave no route: " + r.error());
        }
        return new Decision(a.label(), a.score());
    }

    /**
     * @param test      held-out requests with their route in {@link Example#route()}
     * @param oos       out-of-scope requests (should reach the fallback), may be empty
     */
    public static RouterReport measure(Grid router, List<String> routes, List<Example> test, List<Request> oos,
            double threshold) {
        ConfusionMatrix m = new ConfusionMatrix(routes);
        double[] conf = new double[test.size()];
        boolean[] right = new boolean[test.size()];
        for (int i = 0; i < test.size(); i++) {
            Example e = test.get(i);
            Decision d = decide(router, e.request());
            m.add(e.route(), d.route());
            conf[i] = d.confidence();
            right[i] = d.route().equals(e.route());
        }
        List<Calibration.Bin> bins = Calibration.bins(conf, right);
        List<RouterReport.CurvePoint> curve = new ArrayList<>();
        for (int t = 0; t < 100; t++) {
            curve.add(point(conf, right, t / 100.0));
        }
        RouterReport.CurvePoint at = point(conf, right, threshold);
        long fallback = 0;
        for (Request r : oos) {
            if (decide(router, r).confidence() < threshold) {
                fallback++;
            }
        }
        return new RouterReport(test.size(), m.accuracy(), m.macroF1(), m.labels(), m.matrix(), m.perClass(),
                Calibration.ece(bins), bins, threshold, at.coverage(), at.misrouteRate(), curve, oos.size(),
                oos.isEmpty() ? null : (double) fallback / oos.size());
    }

    static RouterReport.CurvePoint point(double[] conf, boolean[] right, double threshold) {
        long answered = 0;
        long correct = 0;
        for (int i = 0; i < conf.length; i++) {
            if (conf[i] >= threshold) {
                answered++;
                if (right[i]) {
                    correct++;
                }
            }
        }
        double coverage = conf.length == 0 ? 0 : (double) answered / conf.length;
        double accuracy = answered == 0 ? 1 : (double) correct / answered;
        return new RouterReport.CurvePoint(threshold, coverage, accuracy, 1 - accuracy);
    }
}
