package io.nanogrid.engine.router;

import io.nanogrid.engine.eval.ClassMetrics;
import java.util.List;

/**
 * How well a router routes held-out requests (measured on the exported model in ONNX Runtime).
 *
 * @param n                 held-out requests
 * @param accuracy          share routed to the right route (ignoring the threshold)
 * @param macroF1           unweighted mean F1 over routes
 * @param routes            routes, in confusion-matrix order
 * @param confusion         rows true route, columns predicted route
 * @param perRoute          precision, recall, F1 and support per route
 * @param ece               expected calibration error of the confidences
 * @param reliability       the reliability diagram's bins
 * @param threshold         the confidence threshold in force
 * @param coverage          share of requests at or above the threshold (not sent to the fallback)
 * @param misrouteRate      share of the answered requests routed wrongly
 * @param curve             coverage, accuracy and misroute rate at thresholds 0, 0.01, ... 0.99
 * @param oosN              out-of-scope requests tested (0 when none were given)
 * @param oosFallbackShare  share of them that reached the fallback at the threshold
 */
public record RouterReport(long n, double accuracy, double macroF1, List<String> routes, long[][] confusion,
        List<ClassMetrics> perRoute, double ece, List<Calibration.Bin> reliability, double threshold, double coverage,
        double misrouteRate, List<CurvePoint> curve, long oosN, Double oosFallbackShare) {

    /** One point of the coverage-versus-accuracy curve. */
    public record CurvePoint(double threshold, double coverage, double accuracy, double misrouteRate) {
    }
}
