package io.nanogrid.engine.serve;

import io.nanogrid.engine.runtime.GridResponse;

/**
 * The HTTP status of an answer from the grid. The body is the grid's answer in every case, so a client
 * reads the route and the typed error (error.code) there; the status tells proxies and dashboards what
 * kind of answer it is.
 */
final class RouteStatus {
    private RouteStatus() {
    }

    /**
     * 200 answered (also by a failover to the fallback, degraded=true, or "not sure" below the threshold);
     * 400 the request does not fit the grid (bad_request); with no answer: 504 timeout, 503 circuit_open,
     * 500 any other failure (expert_failed, nan_output, model_missing, model_invalid, router_failed).
     */
    static int of(GridResponse r) {
        if (r.error() == null || r.result() != null) {
            return 200;
        }
        return switch (r.error().code()) {
            case BAD_REQUEST -> 400;
            case TIMEOUT -> 504;
            case CIRCUIT_OPEN -> 503;
            default -> 500;
        };
    }
}
