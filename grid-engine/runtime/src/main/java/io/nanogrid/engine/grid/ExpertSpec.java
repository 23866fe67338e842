package io.nanogrid.engine.grid;

/**
 * One expert.
 *
 * @param id        unique id; also its route name
 * @param model     model path, relative to the grid file
 * @param input     input adapter; null to read it from the model's metadata
 * @param output    output decoder; null to read it from the model's metadata (labels by default)
 * @param timeoutMs per-request time limit, null for the grid's default
 */
public record ExpertSpec(String id, String model, InputSpec input, OutputSpec output, Long timeoutMs) {
    public static ExpertSpec of(String id, String model, InputSpec input, OutputSpec output) {
        return new ExpertSpec(id, model, input, output, null);
    }

    public ExpertSpec withModel(String m) {
        return new ExpertSpec(id, m, input, output, timeoutMs);
    }
}
