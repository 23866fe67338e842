package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.Answer;
import java.util.Map;

/**
 * The answer to one request.
 *
 * @param route        the route that answered: an expert id, or "fallback" when the grid answered "not sure"
 * @param confidence   the router's probability for its top route (null for a grid without a router)
 * @param result       the expert's answer, or null when there is none
 * @param timings      stage timings in microseconds
 * @param degraded     true when the request was not answered normally: an error, or a failover to the fallback
 * @param error        what went wrong, or null
 * @param fallback     true when the fallback answered because confidence was below the threshold
 * @param routerChoice the router's top route (null without a router)
 * @param routeScores  the router's probability for every route (null without a router)
 * @param abstain      set when the expert answered below its own threshold ("not sure", result null): what it
 *                     would have answered; null otherwise
 */
public record GridResponse(String route, Double confidence, Answer result, Timings timings, boolean degraded,
        RouteError error, boolean fallback, String routerChoice, Map<String, Double> routeScores, Abstain abstain) {
    public GridResponse(String route, Double confidence, Answer result, Timings timings, boolean degraded,
            RouteError error, boolean fallback, String routerChoice, Map<String, Double> routeScores) {
        this(route, confidence, result, timings, degraded, error, fallback, routerChoice, routeScores, null);
    }

    /** Whether the grid refused the request as not fitting its inputs (the request's fault, not the grid's). */
    public boolean refused() {
        return error != null && error.code() == ErrorCode.BAD_REQUEST;
    }
}
