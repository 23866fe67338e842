package io.nanogrid.engine.grid;

import java.util.List;

/**
 * The router: a classifier over routes. Its output is read as class scores in the order of
 * {@code routes}; each route is an expert id.
 *
 * @param model       router model path, relative to the grid file
 * @param input       input adapter
 * @param routes      route names in the model's output order (expert ids)
 * @param scores      "probabilities", "log-probabilities", "logits" or "auto" (default)
 * @param modelOutput the model output to read, null to pick it
 * @param threshold   below this confidence the fallback answers; default 0
 * @param fallback    the expert that answers below the threshold, or null to answer "not sure"
 */
public record RouterSpec(String model, InputSpec input, List<String> routes, String scores, String modelOutput,
        Double threshold, String fallback) {
    public RouterSpec {
        routes = routes != null ? List.copyOf(routes) : List.of();
        scores = scores != null ? scores : "auto";
        threshold = threshold != null ? threshold : 0.0;
    }

    public RouterSpec withThreshold(double t) {
        return new RouterSpec(model, input, routes, scores, modelOutput, t, fallback);
    }

    public RouterSpec withModel(String m) {
        return new RouterSpec(m, input, routes, scores, modelOutput, threshold, fallback);
    }

    public RouterSpec withInput(InputSpec i) {
        return new RouterSpec(model, i, routes, scores, modelOutput, threshold, fallback);
    }

    public RouterSpec withFallback(String f) {
        return new RouterSpec(model, input, routes, scores, modelOutput, threshold, f);
    }
}
