package io.nanogrid.engine.eval;

import java.util.List;

/**
 * What `nanogrid eval` reports.
 *
 * @param source        the data file
 * @param n             examples evaluated
 * @param accuracy      share answered with the right label
 * @param macroF1       unweighted mean F1 over labels
 * @param labels        labels, in confusion-matrix order
 * @param confusion     rows true label, columns predicted label
 * @param perClass      precision, recall, F1 and support per label
 * @param unanswered    examples with no answer (an error, or "not sure")
 * @param errors        the first few error messages
 * @param skipped       malformed lines skipped while reading (with --skip-bad), and empty lines
 * @param warnings      what makes the figures mean less than they seem: labels the answering expert
 *                      does not have (such examples can only count as wrong)
 * @param routeAccuracy share routed to the expected route (null when the data has no routes)
 * @param jointAccuracy share with the right route and the right label (null when no routes)
 * @param seconds       wall time of the evaluation
 */
public record EvalReport(String source, long n, double accuracy, double macroF1, List<String> labels,
        long[][] confusion, List<ClassMetrics> perClass, long unanswered, List<String> errors, List<String> skipped,
        List<String> warnings, Double routeAccuracy, Double jointAccuracy, double seconds) {
}
