package io.nanogrid.engine.router;

import io.nanogrid.files.BadInputException;
import java.util.List;

/**
 * How the router's data is pooled from the experts' data.
 *
 * @param perRoute     training examples drawn per route (balanced sampling; fewer if a route has fewer)
 * @param testPerRoute held-out examples drawn per route
 * @param minWords     texts with fewer words are left out (fragments such as "the" or "ok" belong to no task)
 * @param seed         seeds the sampling and splits
 * @param exclude      expert labels left out of a route's data, as "route:label" (for instance
 *                     "langid:en": English text belongs to the English tasks, not to language ID)
 */
public record RouterDataOptions(int perRoute, int testPerRoute, int minWords, long seed, List<String> exclude) {
    /**
     * The fewest training examples per route a router is trained on: a tenth of them calibrates the
     * temperature and the threshold, so fewer leave the calibration with next to nothing.
     */
    public static final int MIN_PER_ROUTE = 10;

    public RouterDataOptions {
        exclude = List.copyOf(exclude);
        for (String x : exclude) {
            if (!x.matches("[^:]+:.+")) {
                throw new BadInputException("--exclude: expected ROUTE:LABEL, got '" + x + "'");
            }
        }
    }

    public static RouterDataOptions defaults() {
        return new RouterDataOptions(20_000, 1000, 3, 42, List.of());
    }

    public RouterDataOptions with(int perRoute, int minWords, List<String> exclude) {
        return new RouterDataOptions(perRoute, testPerRoute, minWords, seed, exclude);
    }

    boolean excluded(String route, String label) {
        return exclude.contains(route + ":" + label);
    }
}
