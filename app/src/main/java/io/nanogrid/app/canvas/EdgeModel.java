package io.nanogrid.app.canvas;

/**
 * A connection: the router sends a route to an expert, low-confidence requests go to the fallback,
 * or the shared encoder's embedding feeds the router or a head.
 *
 * @param from  source node id (the router, or the encoder)
 * @param to    target node id
 * @param label the route, "< threshold", "embedding", or "" for none
 * @param kind  what flows along it (drawn solid, dashed or dotted)
 */
public record EdgeModel(String from, String to, String label, Kind kind) {
    public enum Kind { ROUTE, FALLBACK, EMBEDDING }

    /** The fallback connection (drawn dashed). */
    public boolean fallback() {
        return kind == Kind.FALLBACK;
    }
}
