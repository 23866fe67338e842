package io.nanogrid.app.routerlab;

import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.router.RouterMetrics;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.CancelledException;
import io.nanogrid.engine.task.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid's current router on its own (with the grid's encoder, when it has one: see
 * {@link GridTarget#routerAlone}), asked where it sends requests. Called off the FX thread.
 */
final class CurrentRouter {
    private CurrentRouter() {
    }

    /** Opens the router alone; close it after use. */
    static Grid open(GridSpec spec, Path baseDir, ModelLoader loader) {
        return Grid.open(GridTarget.routerAlone(spec), baseDir, loader);
    }

    /** Where the current router sends each text, and how sure it is. */
    static Map<String, RouterMetrics.Decision> decide(GridSpec spec, Path baseDir, ModelLoader loader,
            List<String> texts, Progress progress) {
        Map<String, RouterMetrics.Decision> out = new LinkedHashMap<>();
        List<String> routes = spec.router().routes();
        try (Grid router = open(spec, baseDir, loader)) {
            for (int i = 0; i < texts.size(); i++) {
                if (progress.cancelled()) {
                    throw new CancelledException();
                }
                RouterMetrics.Decision d = RouterMetrics.decide(router, new TextRequest(texts.get(i)));
                out.put(texts.get(i), new RouterMetrics.Decision(routeName(d.route(), routes), d.confidence()));
                progress.update(i + 1, texts.size(), "routing your requests with the current router");
            }
        }
        return out;
    }

    /** The current router's decisions on held-out requests and its confidence on out-of-scope ones. */
    static RouterLabViewModel.Candidate measure(GridSpec spec, Path baseDir, ModelLoader loader, List<Example> test,
            List<Request> oos) {
        List<String> routes = spec.router().routes();
        try (Grid router = open(spec, baseDir, loader)) {
            List<RouterMetrics.Routed> decisions = new ArrayList<>();
            for (RouterMetrics.Routed r : RouterMetrics.decide(router, test)) {
                decisions.add(new RouterMetrics.Routed(r.example(), routeName(r.predicted(), routes), r.confidence()));
            }
            double[] conf = new double[oos.size()];
            for (int i = 0; i < conf.length; i++) {
                conf[i] = RouterMetrics.decide(router, oos.get(i)).confidence();
            }
            return new RouterLabViewModel.Candidate("current router (" + spec.router().model() + ")", null,
                    decisions, conf, spec.router().threshold(), null);
        }
    }

    /** A router that records no labels answers class indices: those are the grid's routes, in order. */
    static String routeName(String label, List<String> routes) {
        if (routes.contains(label) || !label.matches("\\d{1,6}")) {
            return label;
        }
        int i = Integer.parseInt(label);
        return i < routes.size() ? routes.get(i) : label;
    }
}
