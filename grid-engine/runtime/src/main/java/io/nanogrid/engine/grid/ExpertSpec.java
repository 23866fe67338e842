package io.nanogrid.engine.grid;

/**
 * One expert.
 *
 * @param id        unique id; also its route name
 * @param model     model path, relative to the grid file
 * @param input     input adapter; null to read it from the model's metadata
 * @param output    output decoder; null to read it from the model's metadata (labels by default)
 * @param timeoutMs per-request time limit, null for the grid's default
 * @param threshold the expert's own abstain: a label answer whose score is below it becomes "not sure"
 *                  (reported apart from the router's fallback); null for none
 * @param data      its labelled data (for the router and the labs), paths relative to the grid file; null when
 *                  the model records its own (nanogrid's trained models) or there is none
 */
public record ExpertSpec(String id, String model, InputSpec input, OutputSpec output, Long timeoutMs,
        Double threshold, ExpertData data) {
    public ExpertSpec(String id, String model, InputSpec input, OutputSpec output, Long timeoutMs) {
        this(id, model, input, output, timeoutMs, null, null);
    }

    public static ExpertSpec of(String id, String model, InputSpec input, OutputSpec output) {
        return new ExpertSpec(id, model, input, output, null, null, null);
    }

    public ExpertSpec withId(String i) {
        return new ExpertSpec(i, model, input, output, timeoutMs, threshold, data);
    }

    public ExpertSpec withModel(String m) {
        return new ExpertSpec(id, m, input, output, timeoutMs, threshold, data);
    }

    public ExpertSpec withInput(InputSpec i) {
        return new ExpertSpec(id, model, i, output, timeoutMs, threshold, data);
    }

    public ExpertSpec withOutput(OutputSpec o) {
        return new ExpertSpec(id, model, input, o, timeoutMs, threshold, data);
    }

    public ExpertSpec withThreshold(Double t) {
        return new ExpertSpec(id, model, input, output, timeoutMs, t, data);
    }

    public ExpertSpec withData(ExpertData d) {
        return new ExpertSpec(id, model, input, output, timeoutMs, threshold, d);
    }
}
