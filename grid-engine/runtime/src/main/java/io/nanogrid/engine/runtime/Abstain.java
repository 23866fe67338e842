package io.nanogrid.engine.runtime;

/**
 * An expert's own "not sure": its answer fell below the expert's threshold and was withheld. Reported
 * apart from the router's fallback (which is the router being unsure of the route).
 *
 * @param label     the label it would have answered
 * @param score     that label's probability
 * @param threshold the expert's threshold
 */
public record Abstain(String label, double score, double threshold) {
}
