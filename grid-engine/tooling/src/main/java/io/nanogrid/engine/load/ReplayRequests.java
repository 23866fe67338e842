package io.nanogrid.engine.load;

import io.nanogrid.engine.data.DataRoot;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.Stages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What a load run replays: the grid's evaluation data (its experts' held-out examples, mixed across
 * routes, as {@code nanogrid router test} uses them), or requests shaped like the grid's input when
 * there is none (no router, experts that record no data, the data folder absent).
 *
 * @param requests    shuffled with a fixed seed, so routes interleave
 * @param description where they came from, for the user
 */
public record ReplayRequests(List<Request> requests, String description) {
    /** Requests made up when there is no evaluation data. */
    static final int SAMPLES = 500;

    public ReplayRequests {
        requests = List.copyOf(requests);
    }

    /**
     * @param dataRoot the datasets folder the experts' recorded data paths are relative to
     */
    public static ReplayRequests of(Grid grid, Path dataRoot, long seed) {
        String why;
        if (grid.spec().router() == null) {
            why = "the grid has no router";
        } else if ((dataRoot == null || !Files.isDirectory(dataRoot))
                && grid.spec().experts().stream().allMatch(e -> e.data() == null)) {
            why = "no data folder at " + dataRoot;
        } else {
            try {
                List<Example> test = RouterPool.build(grid.spec(), grid.baseDir(), dataRoot, null,
                        RouterDataOptions.defaults()).test();
                if (!test.isEmpty()) {
                    List<Request> out = new ArrayList<>(test.size());
                    test.forEach(e -> out.add(e.request()));
                    Collections.shuffle(out, new Random(seed));
                    return new ReplayRequests(out, String.format(Locale.ROOT,
                            "%,d held-out requests from the experts' data", out.size()));
                }
                why = "the experts record no held-out data";
            } catch (RuntimeException e) {
                why = "no evaluation data: " + e.getMessage();
            }
        }
        Stages stages = grid.stages();
        return new ReplayRequests(SampleRequests.make(stages.entryInput(), stages.entryModel().signature(), SAMPLES,
                seed), SampleRequests.describe(stages.entryInput()) + " (" + why + ")");
    }

    /** Where the datasets are: see {@link io.nanogrid.engine.data.DataRoot#find()}. */
    public static Path defaultDataRoot() {
        return DataRoot.findOrDefault();
    }
}
