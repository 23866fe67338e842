package io.nanogrid.engine.bench;

import io.nanogrid.engine.features.InputAdapter;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.ProcessStats;
import io.nanogrid.engine.task.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What each loaded copy of a model costs in resident memory and threads: one copy is loaded and
 * run first (so the runtime library itself is not counted), then N-1 more, each run once.
 */
public final class SessionsBenchmark {
    private final ModelLoader loader;

    public SessionsBenchmark(ModelLoader loader) {
        this.loader = loader;
    }

    public SessionsReport run(Path modelFile, int sessions, Progress progress) {
        List<Model> models = new ArrayList<>();
        try {
            Model first = loader.load(modelFile);
            models.add(first);
            InputAdapter adapter = InputAdapters.bind(InputAdapters.resolve(null, first.signature(), "model"),
                    first.signature(), modelFile.toString());
            Request request = SampleRequests.make(InputAdapters.resolve(null, first.signature(), "model"),
                    first.signature(), 1, 1).get(0);
            first.run(adapter.apply(request));
            ProcessStats.settle();
            long rss0 = ProcessStats.rssBytes();
            long threads0 = ProcessStats.threads();
            long loadNanos = 0;
            for (int i = 1; i < sessions; i++) {
                progress.checkCancelled();
                long t0 = System.nanoTime();
                Model m = loader.load(modelFile);
                loadNanos += System.nanoTime() - t0;
                models.add(m);
                m.run(adapter.apply(request));
                if (i % 10 == 0) {
                    progress.update(i, sessions, "loaded " + i + " copies");
                }
            }
            ProcessStats.settle();
            long rss1 = ProcessStats.rssBytes();
            long threads1 = ProcessStats.threads();
            int extra = Math.max(1, sessions - 1);
            return new SessionsReport(modelFile.toString(), sessions, rss0, rss1, (rss1 - rss0) / extra, threads0,
                    threads1, Math.round(loadNanos / 1e6 / extra * 100) / 100.0);
        } finally {
            models.forEach(Model::close);
        }
    }
}
