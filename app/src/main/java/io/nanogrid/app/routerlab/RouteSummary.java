package io.nanogrid.app.routerlab;

import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.router.RouterPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The router lab's data table: per route, its training and held-out counts, where they came from, a few texts. */
final class RouteSummary {
    private RouteSummary() {
    }

    static List<RouterLabViewModel.RouteData> of(RouterPool pool, List<String> routes) {
        Map<String, Integer> train = new TreeMap<>();
        Map<String, Integer> test = new TreeMap<>();
        Map<String, List<String>> examples = new TreeMap<>();
        for (Example e : pool.train()) {
            train.merge(e.label(), 1, Integer::sum);
            List<String> some = examples.computeIfAbsent(e.label(), k -> new ArrayList<>());
            if (some.size() < 3) {
                some.add(e.request() instanceof TextRequest t ? t.text() : "(" + e.request().kind() + ")");
            }
        }
        pool.test().forEach(e -> test.merge(e.route(), 1, Integer::sum));
        List<RouterLabViewModel.RouteData> out = new ArrayList<>();
        for (String r : routes) {
            out.add(new RouterLabViewModel.RouteData(r, train.getOrDefault(r, 0), test.getOrDefault(r, 0),
                    pool.sources().getOrDefault(r, ""), examples.getOrDefault(r, List.of())));
        }
        return out;
    }
}
