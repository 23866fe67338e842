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

    /** The router's decision on one held-out request whose route is known. */
    public record Routed(Example example, String predicted, double confidence) {
        public boolean right() {
            return predicted.equals(example.route());
        }
    }

    /** The router's decision on every held-out request (route known in {@link Example#route()}). */
    public static List<Routed> decide(Grid router, List<Example> test) {
        List<Routed> out = new ArrayList<>(test.size());
        for (Example e : test) {
            Decision d = decide(router, e.request());
            out.add(new Routed(e, d.route(), d.confidence()));
        }
        return out;
    }

    /**
     * @param test      held-out requests with their route in {@link Example#route()}
     * @param oos       out-of-scope requests (should reach the fallback), may be empty
     */
    public static RouterReport measure(Grid router, List<String> routes, List<Example> test, List<Request> oos,
            double threshold) {
        double[] oosConfidence = new double[oos.size()];
        for (int i = 0; i < oos.size(); i++) {
            oosConfidence[i] = decide(router, oos.get(i)).confidence();
        }
        return report(routes, decide(router, test), oosConfidence, threshold);
    }

    /** The report of decisions already made, at a threshold (cheap: for a threshold slider). */
    public static RouterReport report(List<String> routes, List<Routed> decisions, double[] oosConfidence,
            double threshold) {
        ConfusionMatrix m = new ConfusionMatrix(routes);
        double[] conf = new double[decisions.size()];
        boolean[] right = new boolean[decisions.size()];
        for (int i = 0; i < decisions.size(); i++) {
            Routed r = decisions.get(i);
            m.add(r.example().route(), r.predicted());
            conf[i] = r.confidence();
            right[i] = r.right();
        }
        List<Calibration.Bin> bins = Calibration.bins(conf, right);
        List<RouterReport.CurvePoint> curve = new ArrayList<>();
        for (int t = 0; t < 100; t++) {
            curve.add(point(conf, right, t / 100.0));
        }
        RouterReport.CurvePoint at = point(conf, right, threshold);
        long fallback = 0;
        for (double c : oosConfidence) {
            if (c < threshold) {
                fallback++;
            }
        }
        return new RouterReport(decisions.size(), m.accuracy(), m.macroF1(), m.labels(), m.matrix(), m.perClass(),
                Calibration.ece(bins), bins, threshold, at.coverage(), at.misrouteRate(), curve, oosConfidence.length,
                oosConfidence.length == 0 ? null : (double) fallback / oosConfidence.length);
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
