package io.nanogrid.engine.serve;

/**
 * The answer to PUT /v1/experts/{id}.
 *
 * @param generation the generation whose expert was replaced
 * @param expert     the expert id
 * @param bytes      the uploaded model's size
 * @param sha256     the uploaded model's SHA-256 (checked against X-Sha256 or ?sha256= when the request gave one)
 * @param state      the expert's state after the swap ("ok")
 * @param seconds    upload checks, load and swap
 */
public record ExpertUpdate(int generation, String expert, long bytes, String sha256, String state, double seconds) {
}
