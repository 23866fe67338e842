package io.nanogrid.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.runtime.ErrorCode;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.RouteError;
import io.nanogrid.engine.runtime.Timings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's lines say where a request went, "not routed" when nothing did; a new grid starts it clean. */
class ConsoleViewModelTest extends ViewModelTest {
    private static final Timings T = new Timings(1, 2, 3, 6);

    @Test
    void aRequestNoRouteAnsweredIsNotShownAsRouteNull() {
        GridResponse refused = new GridResponse(null, null, null, T, false,
                new RouteError(ErrorCode.BAD_REQUEST, "expected text", null), false, null, null);
        assertEquals("not routed: the request was refused", ConsoleViewModel.route(refused));
        GridResponse failed = new GridResponse(null, null, null, T, true,
                new RouteError(ErrorCode.ENCODER_FAILED, "encoder failed: boom", null), false, null, null);
        assertEquals("not routed: encoder_failed", ConsoleViewModel.route(failed));
        assertEquals("encoder_failed: encoder failed: boom", ConsoleViewModel.answer(failed));

        GridResponse routed = new GridResponse("music", 0.9123, null, T, false, null, false, "music",
                Map.of("music", 0.9123));
        assertEquals("route: music (router chose music, confidence 0.912)", ConsoleViewModel.route(routed));
        GridResponse low = new GridResponse("fallback", 0.4, null, T, false, null, true, "music", Map.of("music", 0.4));
        assertEquals("route: fallback (router chose music, confidence 0.400) - below the threshold",
                ConsoleViewModel.route(low));
        assertEquals("route: greeting", ConsoleViewModel.route(new GridResponse("greeting", null, null, T, false, null,
                false, null, null)));
    }

    @Test
    void aNewOrOpenedGridStartsWithAnEmptyConsole() {
        Path grid = Workbenches.threeModelGrid(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> vm.open(grid)));
        ConsoleViewModel console = vm.console();
        Fx.waitUntil(() -> vm.session().gridProperty().get() != null, "the grid runs", 60);
        Fx.run(() -> {
            console.text().set("will it rain tomorrow");
            console.sendText();
        });
        Fx.waitUntil(() -> console.history().size() == 1, "answered", 60);
        assertEquals("weather", Fx.call(() -> console.history().get(0).route()));

        Fx.run(vm::newGrid);
        assertEquals(0, (int) Fx.call(() -> console.history().size()), "the new grid has no history");
        assertNull(Fx.call(() -> console.last().get()));
        assertEquals("", Fx.call(() -> console.text().get()));

        // and the same when another grid is opened
        Fx.run(() -> console.history().add(new ConsoleViewModel.Entry("x", "weather", "sunny", 1, false)));
        assertTrue(Fx.call(() -> vm.open(grid)));
        assertEquals(0, (int) Fx.call(() -> console.history().size()));
    }
}
