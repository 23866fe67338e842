package io.nanogrid.engine.router;

import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The user's loop in figures: the router before and after retraining, measured on the same requests, side by
 * side: routing on the grid's held-out set (the experts' held-out data), on the user's own held-out requests,
 * and the share of out-of-scope requests that reach the fallback at each router's threshold.
 *
 * @param before the router that was replaced (null when the grid had none)
 * @param after  the router just trained
 */
public record RouterComparison(Figures before, Figures after) {
    /**
     * One router's figures.
     *
     * @param heldOutN         the grid's held-out requests
     * @param heldOutAccuracy  share of them routed right (the highest score, threshold aside)
     * @param userN            the user's held-out requests (a fifth of --data), 0 without any
     * @param userAccuracy     share of those routed right, or null without any
     * @param oosN             out-of-scope requests
     * @param oosFallbackShare share of them under the threshold (answered by the fallback), or null without any
     * @param threshold        the router's threshold
     * @param coverage         share of the held-out requests at or above the threshold
     */
    public record Figures(long heldOutN, double heldOutAccuracy, long userN, Double userAccuracy, long oosN,
            Double oosFallbackShare, double threshold, double coverage) {
    }

    /** The figures of the decisions on {@code pool.test()} (in its order) and of the out-of-scope confidences. */
    public static Figures figures(RouterPool pool, List<String> routes, List<RouterMetrics.Routed> decisions,
            double[] oosConfidence, double threshold) {
        Set<Example> user = Collections.newSetFromMap(new IdentityHashMap<>());
        user.addAll(pool.userTest());
        List<RouterMetrics.Routed> grid = new ArrayList<>();
        List<RouterMetrics.Routed> mine = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            (user.contains(pool.test().get(i)) ? mine : grid).add(decisions.get(i));
        }
        RouterReport g = RouterMetrics.report(routes, grid, oosConfidence, threshold);
        Double userAccuracy = mine.isEmpty() ? null : RouterMetrics.report(routes, mine, new double[0], threshold)
                .accuracy();
        return new Figures(g.n(), g.accuracy(), mine.size(), userAccuracy, g.oosN(), g.oosFallbackShare(), threshold,
                g.coverage());
    }

    /**
     * The figures of the router in {@code routerFile} (the one about to be replaced) on the pool's held-out
     * requests; null when there is no such file. On an encoder grid the requests are encoded once (cached).
     */
    public static Figures before(Path routerFile, double threshold, List<String> routes, RouterPool pool,
            List<Request> oos, RouterTrainer.Encoding encoding, ModelLoader loader, Progress progress) {
        if (!Files.isRegularFile(routerFile)) {
            return null;
        }
        List<Example> test = pool.test();
        List<Request> outOfScope = oos;
        if (encoding != null) {
            progress.update(0, -1, "encoding the held-out requests for the current router");
            test = encoding.encode(test, progress);
            List<Example> wrapped = new ArrayList<>();
            for (int i = 0; i < oos.size(); i++) {
                wrapped.add(new Example(oos.get(i), "oos", null, i));
            }
            outOfScope = encoding.encode(wrapped, progress).stream().map(Example::request).toList();
        }
        progress.update(0, test.size(), "routing the held-out requests with the current router");
        try (Grid router = Grid.ofModel(loader.load(OnnxModels.readBytes(routerFile), routerFile.toString()),
                "router", loader)) {
            List<RouterMetrics.Routed> decisions = RouterMetrics.decide(router, test);
            double[] conf = new double[outOfScope.size()];
            for (int i = 0; i < conf.length; i++) {
                conf[i] = RouterMetrics.decide(router, outOfScope.get(i)).confidence();
            }
            return figures(pool, routes, decisions, conf, threshold);
        } catch (BadInputException e) {
            throw new BadInputException("the current router " + routerFile + " cannot be measured for the before/after "
                    + "comparison: " + e.getMessage());
        }
    }
}
