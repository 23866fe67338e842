package io.nanogrid.app.canvas;

/**
 * A connection: the router sends a route to an expert, or low-confidence requests to the fallback.
 *
 * @param from     source node id (the router)
 * @param to       target node id
 * @param label    the route, or "< threshold"
 * @param fallback the fallback connection (drawn dashed)
 */
public record EdgeModel(String from, String to, String label, boolean fallback) {
}
