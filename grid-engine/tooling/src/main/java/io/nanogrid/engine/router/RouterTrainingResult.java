package io.nanogrid.engine.router;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.train.EpochStats;
import java.util.List;
import java.util.Map;

/**
 * A trained router: the ONNX model (temperature baked in), the threshold chosen for the target
 * misroute rate, and its held-out report.
 *
 * @param model        the router model
 * @param kind         "logreg" or "mlp"
 * @param features     what it learned from ("hashed n-grams", "the embedding of the encoder ... and hashed n-grams")
 * @param temperature  fitted temperature
 * @param threshold    chosen confidence threshold
 * @param report       held-out figures at that threshold
 * @param trainSize    training examples per route
 * @param testSize     held-out examples per route
 * @param sources      where each route's examples came from
 * @param notes        what the user should know
 * @param history      per-epoch figures
 * @param trainSeconds training wall time (pooling, features, training, calibration)
 * @param decisions    the router's decision on each held-out request (for threshold what-ifs)
 * @param oosConfidence its confidence on each out-of-scope request
 */
public record RouterTrainingResult(ModelProto model, String kind, String features, double temperature, double threshold,
        RouterReport report, Map<String, Integer> trainSize, Map<String, Integer> testSize,
        Map<String, String> sources, List<String> notes, List<EpochStats> history, double trainSeconds,
        List<RouterMetrics.Routed> decisions, double[] oosConfidence) {
}
