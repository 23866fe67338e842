package io.nanogrid.app.routerlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.EncoderGrids;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.router.RouterComparison;
import io.nanogrid.engine.router.RouterReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router lab on a grid with a shared encoder (a tiny one): the current router is measured with the grid's
 * encoder, a router is trained on the embedding with hashed n-grams beside it, and the user's loop works there
 * too. Real models; no Stage.
 */
class EncoderRouterLabTest {
    @TempDir
    Path dir;
    MainViewModel vm;
    RouterLabViewModel lab;

    @BeforeEach
    void open() {
        Path grid = EncoderGrids.weatherAndMusic(dir.resolve("grid"));
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> vm.open(grid)));
        lab = vm.routerLab();
    }

    @AfterEach
    void close() {
        Fx.run(vm::close);
    }

    private void waitIdle(String what) {
        Fx.waitUntil(() -> vm.tasks().running().isEmpty() && !lab.busy().get(), what, 300);
    }

    @Test
    void testTheCurrentRouterAndTrainOneWithNgramsOnTheEncoder() {
        assertTrue(Fx.call(() -> lab.encoderGrid().get()), "the lab offers n-grams beside the embedding");
        Fx.run(lab::loadData);
        waitIdle("the router's data is pooled");
        assertNotNull(Fx.call(() -> lab.pool().get()), Fx.call(() -> lab.message().get()));

        Fx.run(lab::evaluateCurrent);
        waitIdle("the current router is tested with the grid's encoder");
        RouterReport current = Fx.call(() -> lab.report().get());
        assertNotNull(current, Fx.call(() -> lab.message().get()));
        assertTrue(current.accuracy() >= 0.8, "current router on the encoder: " + current.accuracy());

        Fx.run(() -> {
            lab.withNgrams().set(true);
            lab.train();
        });
        waitIdle("a router is trained on the embedding and n-grams");
        String name = Fx.call(() -> lab.candidate().get().name());
        assertTrue(name.contains("and hashed n-grams"), name);
        assertTrue(Fx.call(() -> lab.report().get().accuracy()) >= 0.8, Fx.call(() -> lab.message().get()));
    }

    @Test
    void theUsersLoopOnAnEncoderGrid() throws Exception {
        StringBuilder mine = new StringBuilder("text\troute\n");
        String[] cities = {"Madrid", "Lisbon", "Rome", "Vienna", "Prague"};
        String[] genres = {"polka", "mambo", "samba", "ska", "bebop"};
        for (int i = 0; i < 5; i++) {
            mine.append("will it rain in ").append(cities[i]).append(" tomorrow\tweather\n");
            mine.append("is the sky clear over ").append(cities[i]).append(" now\tweather\n");
            mine.append("play some ").append(genres[i]).append(" music\tmusic\n");
            mine.append("put on my ").append(genres[i]).append(" songs\tmusic\n");
        }
        Path file = Files.writeString(dir.resolve("mine.tsv"), mine.toString());
        Fx.run(() -> lab.requests().load(file));
        Fx.waitUntil(() -> lab.requests().items().size() == 20
                && lab.requests().items().stream().allMatch(r -> r.choice() != null), "routed by the current router",
                60);
        Fx.run(lab::retrainWithRequests);
        waitIdle("retrained");
        RouterComparison c = Fx.call(() -> lab.comparison().get());
        assertNotNull(c, Fx.call(() -> lab.message().get()));
        assertNotNull(c.before(), "the current router is measured through the encoder: " + Fx.call(() -> lab
                .message().get()));
        assertEquals(c.before().userN(), c.after().userN());
        assertTrue(c.after().userN() > 0, c.toString());
    }
}
