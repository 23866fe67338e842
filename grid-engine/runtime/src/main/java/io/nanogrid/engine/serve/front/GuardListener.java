package io.nanogrid.engine.serve.front;

/** What the guard tells the server it guards (for its metrics and log). */
public interface GuardListener {
    /** The guard answered a request itself: {@code path} is the request's path, or null when none was read. */
    void refused(String path, int code);
}
