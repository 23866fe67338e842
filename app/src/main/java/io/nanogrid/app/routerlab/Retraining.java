package io.nanogrid.app.routerlab;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.router.RouterComparison;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.router.RouterTrainer;
import io.nanogrid.engine.router.RouterTrainingResult;
import io.nanogrid.engine.task.CancelledException;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.train.Embeddings;
import io.nanogrid.engine.train.EpochStats;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.CacheFolders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The user's loop, in the background: the router's data pooled with the user's labelled requests, the router it
 * replaces measured on those requests, a new router trained, and both measured side by side on the same
 * requests (as `nanogrid router train GRID --data` does).
 */
final class Retraining {
    /**
     * What to do.
     *
     * @param spec    the grid, its router's routes extended by any new route the labels name
     * @param current the grid as it is (its router is the one measured as "before")
     * @param extra   the user's labelled requests
     */
    record Job(GridSpec spec, GridSpec current, Path baseDir, Path dataDir, Dataset extra, RouterDataOptions options,
            List<Request> oos, RouterTrainer.Settings settings, boolean withNgrams) {
    }

    /** What came of it. */
    record Result(RouterPool pool, RouterTrainingResult trained, RouterComparison comparison, List<String> notes) {
    }

    private Retraining() {
    }

    static Result run(Job job, ModelLoader loader, Progress progress, Consumer<EpochStats> onEpoch) {
        List<String> routes = job.spec().router().routes();
        progress.update(0, -1, "pooling the router's data with your requests");
        RouterPool pool = RouterPool.build(job.spec(), job.baseDir(), job.dataDir(), job.extra(), job.options());
        List<String> notes = new ArrayList<>(pool.notes().stream().map(n -> n.replace("--data", "your requests"))
                .toList());
        checkCancelled(progress);
        RouterTrainer.Encoding encoding = encoding(job.spec(), job.baseDir(), loader, job.settings().threads(),
                job.withNgrams());
        RouterSpec was = job.current().router();
        RouterComparison.Figures before = null;
        try {
            before = RouterComparison.before(job.baseDir().resolve(was.model()), was.threshold(), routes, pool,
                    job.oos(), encoding, loader, progress);
        } catch (BadInputException e) {
            notes.add("no figures for the current router: " + e.getMessage());
        }
        checkCancelled(progress);
        RouterTrainingResult r = new RouterTrainer(loader).train(routes, pool, job.oos(), job.settings(), encoding,
                progress, onEpoch);
        RouterComparison.Figures after = RouterComparison.figures(pool, routes, r.decisions(), r.oosConfidence(),
                r.threshold());
        return new Result(pool, r, new RouterComparison(before, after), notes);
    }

    /** The grid's encoder for a router that is a head on it (with n-grams beside when asked), or null. */
    static RouterTrainer.Encoding encoding(GridSpec spec, Path baseDir, ModelLoader loader, int threads,
            boolean withNgrams) {
        if (spec.encoder() == null) {
            return null;
        }
        return new RouterTrainer.Encoding(spec.encoder(), baseDir, new Embeddings(loader,
                CacheFolders.current().resolve("embeddings"), threads), withNgrams);
    }

    private static void checkCancelled(Progress progress) {
        if (progress.cancelled()) {
            throw new CancelledException();
        }
    }
}
