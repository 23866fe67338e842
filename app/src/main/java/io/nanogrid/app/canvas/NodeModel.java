package io.nanogrid.app.canvas;

import java.util.List;

/**
 * What the canvas draws for one node.
 *
 * @param id      node id: "router", "fallback", "encoder" or an expert id
 * @param kind    what it is
 * @param x       left, in canvas units
 * @param y       top, in canvas units
 * @param title   the big text
 * @param detail  the model file, or what the node does
 * @param badges  short facts (parameters, bytes, bits, p50 latency)
 * @param health  "ok", "missing", "invalid", "open", "half-open", or "unknown" before the grid runs
 * @param routed  an expert the router sends requests to
 */
public record NodeModel(String id, Kind kind, double x, double y, String title, String detail, List<String> badges,
        String health, boolean routed) {
    public enum Kind { ROUTER, EXPERT, FALLBACK, ENCODER }

    public static final double WIDTH = 230;
    public static final double HEIGHT = 92;
}
