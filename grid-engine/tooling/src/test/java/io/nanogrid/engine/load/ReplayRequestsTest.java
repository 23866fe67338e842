package io.nanogrid.engine.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.TestGridsAccess;
import io.nanogrid.engine.testing.ProjectFiles;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayRequestsTest {
    @TempDir
    Path dir;

    @Test
    void theSampleGridReplaysItsExpertsHeldOutDataMixedAcrossRoutes() {
        SharedData.require("text/sst2");
        Path grid = ProjectFiles.sampleGrid("text-assistant", "grid.json");
        try (Grid g = Grid.open(grid, new OrtRuntime())) {
            ReplayRequests r = ReplayRequests.of(g, SharedData.dir(), 7);
            assertTrue(r.requests().size() > 3000, r.description());
            assertTrue(r.description().contains("held-out requests from the experts' data"), r.description());
            // shuffled: the first hundred requests already reach every route
            Set<String> routes = r.requests().subList(0, 100).stream().map(g::route).map(x -> x.routerChoice())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("langid", "sentiment", "spam", "topic", "intent"), routes);
        }
    }

    @Test
    void withoutDataItMakesRequestsShapedLikeTheGridsInputAndSaysWhy() {
        try (Grid g = Grid.open(TestGridsAccess.threeModels(dir), dir, new OrtRuntime())) {
            ReplayRequests r = ReplayRequests.of(g, dir.resolve("no-such-folder"), 1);
            assertEquals(ReplayRequests.SAMPLES, r.requests().size());
            assertTrue(r.requests().get(0) instanceof TextRequest);
            assertTrue(r.description().contains("built-in sentences") && r.description().contains("no data folder"),
                    r.description());
            ReplayRequests none = ReplayRequests.of(g, dir, 1);
            assertTrue(none.description().contains("no evaluation data") && none.description().contains("records none"), none.description());
        }
    }
}
