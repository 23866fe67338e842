package io.nanogrid.app.routerlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.router.RouterReport;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The router lab on the sample text grid and the real datasets it was trained on: pool the data,
 * test the current router, move the threshold, train a new router, test the whole grid with it,
 * apply it and undo. Real models, real training; no Stage.
 */
class RouterLabViewModelTest extends ViewModelTest {
    private RouterLabViewModel open(Path dataDir) {
        Path grid = Workbenches.sampleTextGrid(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config"), dataDir));
        assertTrue(Fx.call(() -> vm.open(grid)));
        return vm.routerLab();
    }

    @Test
    void poolTestTrainApplyAndUndo() throws Exception {
        Path data = SharedData.require("text").getParent();
        RouterLabViewModel lab = open(data);
        double shipped = Fx.call(() -> vm.document().spec().router().threshold());
        Fx.run(() -> {
            lab.perRoute().set(1000);
            lab.loadData();
        });
        Fx.waitUntil(() -> lab.pool().get() != null, "the router's data is pooled", 300);
        List<RouterLabViewModel.RouteData> routes = Fx.call(() -> List.copyOf(lab.routes()));
        assertEquals(List.of("langid", "sentiment", "spam", "topic", "intent"),
                routes.stream().map(RouterLabViewModel.RouteData::route).toList());
        for (RouterLabViewModel.RouteData r : routes) {
            assertTrue(r.train() > 100 && r.train() <= 1000, r.toString());
            assertTrue(r.test() > 100, r.toString());
            assertFalse(r.examples().isEmpty(), r.toString());
        }

        // the router the grid ships with, on requests it was not trained on
        Fx.run(lab::evaluateCurrent);
        Fx.waitUntil(() -> lab.report().get() != null && !lab.busy().get(), "the current router is tested", 120);
        RouterReport current = Fx.call(() -> lab.report().get());
        assertTrue(current.accuracy() > 0.93, "current router accuracy " + current.accuracy());
        assertEquals(shipped, current.threshold(), 1e-9, "the grid's own threshold is shown");
        assertTrue(current.coverage() > 0.7 && current.coverage() < 1, "coverage " + current.coverage());

        // a lower threshold answers more and misroutes more; the list of misroutes follows
        RouterReport all = Fx.call(() -> {
            lab.threshold().set(0);
            return lab.report().get();
        });
        assertEquals(1.0, all.coverage(), 1e-12);
        assertTrue(all.misrouteRate() > current.misrouteRate(), all.misrouteRate() + " vs " + current.misrouteRate());
        long wrong = Math.round((1 - all.accuracy()) * all.n());
        assertEquals(Math.min(200, wrong), (long) Fx.call(() -> lab.misrouted().size()));

        // train a new router on the pooled data; the curve fills while it trains
        Fx.run(lab::train);
        Fx.waitUntil(() -> !lab.busy().get() && lab.candidate().get() != null
                && lab.candidate().get().model() != null, "a new router is trained", 300);
        assertFalse(Fx.call(() -> lab.epochs().isEmpty()), "training reported its epochs");
        RouterReport trained = Fx.call(() -> lab.report().get());
        assertTrue(trained.accuracy() > 0.85, "new router accuracy " + trained.accuracy());
        double chosen = Fx.call(() -> lab.threshold().get());
        assertTrue(chosen > 0 && chosen < 1, "threshold chosen for the target misroute rate: " + chosen);

        // the whole grid at the chosen threshold: below it the grid says "not sure", which counts as wrong
        Fx.run(lab::testJoint);
        Fx.waitUntil(() -> lab.joint().get() != null && !lab.busy().get(), "the whole grid is tested", 300);
        var atThreshold = Fx.call(() -> lab.joint().get());
        double answered = Fx.call(() -> lab.report().get().coverage());
        assertTrue(atThreshold.jointAccuracy() <= answered + 1e-9, atThreshold.jointAccuracy() + " > " + answered);
        // and with every request answered: the router's accuracy times the experts'
        Fx.run(() -> {
            lab.threshold().set(0);
            lab.testJoint();
        });
        Fx.waitUntil(() -> lab.joint().get() != null && !lab.busy().get(), "the whole grid is tested", 300);
        double joint = Fx.call(() -> lab.joint().get().jointAccuracy());
        assertTrue(joint > 0.75 && joint <= trained.accuracy(), "joint accuracy " + joint);
        Fx.run(() -> lab.threshold().set(chosen));

        // apply: a new router file beside the grid, one undoable edit; undo keeps the file
        Fx.run(lab::apply);
        assertEquals("router-1.onnx", Fx.call(() -> vm.document().spec().router().model()));
        assertTrue(Files.size(dir.resolve("router-1.onnx")) > 1000);
        assertEquals(Math.round(chosen * 10_000) / 10_000.0, Fx.call(() -> vm.document().spec().router().threshold()));
        Fx.run(() -> vm.document().undo());
        assertEquals("router.onnx", Fx.call(() -> vm.document().spec().router().model()));
        assertEquals(shipped, Fx.call(() -> vm.document().spec().router().threshold()));
        assertTrue(Files.exists(dir.resolve("router-1.onnx")), "redo can still reach the new router");
    }

    @Test
    void missingDatasetsAreNamedInTheMessage() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-data"));
        RouterLabViewModel lab = open(empty);
        Fx.run(lab::loadData);
        Fx.waitUntil(() -> !lab.busy().get(), "pooling gives up", 60);
        String message = Fx.call(() -> lab.message().get());
        assertTrue(message.startsWith("Failed") && message.contains("no-data"), message);
        assertNull(Fx.call(() -> lab.pool().get()));
    }
}
