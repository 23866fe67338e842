package io.nanogrid.engine.router;

import java.util.List;

/**
 * End-to-end accuracy of a grid on a mixed labelled stream: a request counts as right when the
 * router sends it to its expert (above the threshold) and the expert answers the right label.
 *
 * @param n             requests
 * @param jointAccuracy share answered right end to end
 * @param perRoute      the same, route by route
 * @param misroutes     requests the router sent elsewhere (the first few per route)
 */
public record JointReport(long n, double jointAccuracy, List<RouteFigures> perRoute, List<Misroute> misroutes) {

    /**
     * @param route           the expected route
     * @param n               requests of that route
     * @param routerAccuracy  share the router sent to it (its top choice, whatever the confidence)
     * @param coverage        share answered by it (routed there, confidence at or above the threshold)
     * @param expertAccuracy  share of those it answered right
     * @param jointAccuracy   share right end to end
     */
    public record RouteFigures(String route, long n, double routerAccuracy, double coverage, double expertAccuracy,
            double jointAccuracy) {
    }

    /**
     * @param text       the request (cut at 160 characters)
     * @param route      where it belonged
     * @param routedTo   the router's choice
     * @param confidence the router's confidence
     * @param answeredBy the route that answered ("fallback" when the grid said "not sure")
     */
    public record Misroute(String text, String route, String routedTo, double confidence, String answeredBy) {
    }
}
