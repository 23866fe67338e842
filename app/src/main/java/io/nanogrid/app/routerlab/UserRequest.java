package io.nanogrid.app.routerlab;

/**
 * One of the user's own requests in the router lab.
 *
 * @param text       the request
 * @param route      the route the user says is right, or null until labelled
 * @param choice     the route the grid's current router picks, or null until it has been asked
 * @param confidence the current router's confidence in that choice (NaN until asked)
 * @param answered   whether that confidence reaches the grid's threshold (below it the fallback answers)
 */
public record UserRequest(String text, String route, String choice, double confidence, boolean answered) {
    public static UserRequest of(String text, String route) {
        return new UserRequest(text, route, null, Double.NaN, false);
    }

    public UserRequest withRoute(String r) {
        return new UserRequest(text, r, choice, confidence, answered);
    }

    public UserRequest withDecision(String c, double conf, boolean above) {
        return new UserRequest(text, route, c, conf, above);
    }

    public boolean labelled() {
        return route != null;
    }

    /** Labelled, and the current router picks another route. */
    public boolean misrouted() {
        return route != null && choice != null && !route.equals(choice);
    }
}
