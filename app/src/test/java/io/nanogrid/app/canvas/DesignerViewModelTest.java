package io.nanogrid.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.NodePosition;
import io.nanogrid.engine.grid.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The designer's view model, with real models, real inspection and a real running grid; no Stage. */
class DesignerViewModelTest {
    @TempDir
    Path dir;
    MainViewModel vm;

    @BeforeEach
    void open() {
        Path grid = Workbenches.threeModelGrid(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> vm.open(grid)));
        Fx.waitUntil(() -> vm.session().gridProperty().get() != null, "the grid runs");
    }

    @AfterEach
    void close() {
        Fx.run(vm::close);
    }

    private DesignerViewModel d() {
        return vm.designer();
    }

    /** Until the router's inspection report is in, whyNotConnect cannot check the router's trained routes. */
    private void waitForTheRoutersReport() {
        Fx.waitUntil(() -> d().nodes().stream().anyMatch(n -> n.kind() == NodeModel.Kind.ROUTER
                && n.health().equals("ok")), "the router inspected");
    }

    @Test
    void nodesCarryTheModelsBadgesAndHealth() {
        Fx.waitUntil(() -> d().nodes().stream().filter(n -> n.kind() == NodeModel.Kind.EXPERT)
                .allMatch(n -> !n.badges().isEmpty() && n.health().equals("ok")), "experts inspected and healthy");
        NodeModel greeting = Fx.call(() -> d().nodes().stream().filter(n -> n.id().equals("greeting")).findFirst()
                .orElseThrow());
        assertTrue(greeting.badges().contains("8.2k params"), greeting.badges().toString());
        assertTrue(greeting.badges().contains("fp32"), greeting.badges().toString());
        assertEquals(3, Fx.call(() -> d().edges().size()), "two routes and the fallback");
    }

    @Test
    void aDroppedModelIsInspectedAddedAndConnectedAndItAllUndoes() throws Exception {
        Path copy = Files.copy(dir.resolve("weather.onnx"), dir.resolve("forecast.onnx"));
        Fx.run(() -> {
            d().selectOnly(Set.of("weather"));
            d().deleteSelected();
        });
        assertEquals(List.of("greeting"), Fx.call(() -> vm.document().spec().router().routes()));
        Path renamed = Files.move(copy, dir.resolve("weather-v2.onnx"));
        Fx.run(() -> d().importModel(renamed, 500, 300));
        Fx.waitUntil(() -> vm.document().spec().expert("weather-v2").isPresent(), "the dropped model is an expert");
        assertEquals(500.0, Fx.call(() -> vm.document().spec().layout().get("weather-v2").x()));
        waitForTheRoutersReport();
        Optional<String> refused = Fx.call(() -> d().connect("weather-v2"));
        assertTrue(refused.orElse("").contains("trained for routes [greeting, weather]"), refused.toString());
        Fx.run(() -> d().rename("weather-v2", "weather"));
        assertEquals(Optional.empty(), Fx.call(() -> d().connect("weather")));
        assertEquals(List.of("greeting", "weather"), Fx.call(() -> vm.document().spec().router().routes()));
        Fx.run(() -> vm.document().undo());
        assertEquals(List.of("greeting"), Fx.call(() -> vm.document().spec().router().routes()));
        Fx.run(() -> vm.document().redo());
        assertEquals(List.of("greeting", "weather"), Fx.call(() -> vm.document().spec().router().routes()));
    }

    @Test
    void importedModelsLandInFreeSpaceNotOnOtherNodes() throws Exception {
        Path a = Files.copy(dir.resolve("weather.onnx"), dir.resolve("forecast.onnx"));
        Path b = Files.copy(dir.resolve("weather.onnx"), dir.resolve("outlook.onnx"));
        // the palette and File > Import both ask for the top of the experts' column, where an expert already is
        Fx.run(() -> d().importModel(a, 460, 40));
        Fx.waitUntil(() -> vm.document().spec().expert("forecast").isPresent(), "imported");
        Fx.run(() -> d().importModel(b, 460, 40));
        Fx.waitUntil(() -> vm.document().spec().expert("outlook").isPresent(), "imported");
        Map<String, NodePosition> at = Fx.call(() -> CanvasLayout.positions(vm.document().spec()));
        List<String> ids = Fx.call(() -> at.keySet().stream().filter(id -> CanvasLayout.exists(vm.document().spec(),
                id)).toList());
        assertTrue(ids.containsAll(List.of("router", "greeting", "weather", "forecast", "outlook")), ids.toString());
        for (String p : ids) {
            for (String q : ids) {
                if (p.compareTo(q) < 0) {
                    NodePosition u = at.get(p);
                    NodePosition v = at.get(q);
                    boolean overlap = Math.abs(u.x() - v.x()) < NodeModel.WIDTH
                            && Math.abs(u.y() - v.y()) < NodeModel.HEIGHT;
                    assertFalse(overlap, p + " at " + u + " covers " + q + " at " + v);
                }
            }
        }
        assertEquals(460.0, at.get("outlook").x(), "in the column asked for, lower down");
    }

    @Test
    void aConnectionThatCannotWorkIsRefusedWithTheReason() {
        Path tensor = Workbenches.tensorModel(dir.resolve("sensor.onnx"));
        Fx.run(() -> d().importModel(tensor, 500, 400));
        Fx.waitUntil(() -> vm.document().spec().expert("sensor").isPresent(), "added");
        assertTrue(Fx.call(() -> vm.document().spec().expert("sensor").get().input()) instanceof TensorSpec,
                "its adapter was guessed from its float [1, 4] input and written into the grid");
        waitForTheRoutersReport();
        Fx.run(() -> d().rename("sensor", "weather_x"));
        String why = Fx.call(() -> d().whyNotConnect("weather_x")).orElse("");
        assertTrue(why.contains("trained for routes"), why);
        // a router without trained route labels would still refuse it: it takes text, this takes tensors
        Fx.run(() -> {
            d().selectOnly(Set.of("weather"));
            d().deleteSelected();
            d().rename("weather_x", "weather");
        });
        String kind = Fx.call(() -> d().connect("weather")).orElse("");
        assertEquals("'weather' takes tensor requests but the router takes text: they cannot see the same requests",
                kind);
        assertEquals(kind, Fx.call(() -> d().notice().get()));
    }

    @Test
    void theConsoleRunsRequestsThroughTheDesignedGrid() {
        Fx.run(() -> {
            vm.console().text().set("is it going to rain tomorrow");
            vm.console().sendText();
        });
        Fx.waitUntil(() -> vm.console().last().get() != null, "an answer");
        var r = Fx.call(() -> vm.console().last().get());
        assertEquals("weather", r.route());
        assertEquals("rainy", ((LabelAnswer) r.result()).label());
        assertEquals(1, Fx.call(() -> vm.console().history().size()));
        Fx.waitUntil(() -> d().nodes().stream().anyMatch(n -> n.id().equals("weather")
                && n.badges().stream().anyMatch(b -> b.startsWith("p50"))), "the weather expert shows its latency");
    }

    @Test
    void movingDeletingAndRenamingAreSingleUndoSteps() {
        Fx.run(() -> d().moveTo(Map.of("greeting", new NodePosition(10, 20))));
        assertEquals(10.0, Fx.call(() -> vm.document().spec().layout().get("greeting").x()));
        Fx.run(() -> d().rename("greeting", "hello"));
        GridSpec s = Fx.call(() -> vm.document().spec());
        assertTrue(s.router().routes().contains("hello") && s.layout().containsKey("hello"));
        assertFalse(s.layout().containsKey("greeting"));
        Fx.run(() -> vm.document().undo());
        assertTrue(Fx.call(() -> vm.document().spec().layout().containsKey("greeting")));
        assertEquals("an id is letters, digits, '_', '.' or '-' (1-64 characters)",
                Fx.call(() -> d().rename("greeting", "no spaces")).orElse(""));
        assertEquals("'router' is reserved", Fx.call(() -> d().rename("greeting", "router")).orElse(""));
    }

    /**
     * The inspector's adapter and labels rows edit the grid: checked against the model (a wrong count, bad
     * JSON or an adapter that does not fit is refused with the field's error, nothing applied), answered by
     * the running grid, and undone like other edits.
     */
    @Test
    void outputLabelsAndInputAdapterAreEditedCheckedAndUndone() {
        Fx.waitUntil(() -> d().nodes().stream().filter(n -> n.kind() == NodeModel.Kind.EXPERT)
                .allMatch(n -> n.health().equals("ok")), "experts inspected");
        GridSpec before = Fx.call(() -> vm.document().spec());

        Optional<String> tooMany = Fx.call(() -> d().setOutputLabels("greeting", "hi, bye, later"));
        assertTrue(tooMany.orElse("").startsWith("output labels: ") && tooMany.get().contains("3 labels"),
                tooMany.toString());
        assertEquals(tooMany.get(), Fx.call(() -> d().notice().get()));
        Optional<String> twice = Fx.call(() -> d().setOutputLabels("greeting", "hi, hi"));
        assertEquals("output labels: 'hi' is given twice", twice.orElse(""));
        assertEquals(before, Fx.call(() -> vm.document().spec()), "nothing applied");

        assertEquals(Optional.empty(), Fx.call(() -> d().setOutputLabels("greeting", "welcome, farewell")));
        assertEquals(LabelsSpec.of(List.of("welcome", "farewell")).labels(), Fx.call(() -> ((LabelsSpec) vm
                .document().spec().expert("greeting").orElseThrow().output()).labels()));
        Fx.waitUntil(() -> vm.tasks().running().isEmpty() && vm.session().gridProperty().get() != null,
                "the grid reloads");
        var answer = Fx.call(() -> vm.session().gridProperty().get()).route(new TextRequest("hello there"));
        assertEquals("welcome", ((LabelAnswer) answer.result()).label(), answer.toString());
        assertEquals("Undo Output labels of greeting", Fx.call(() -> vm.document().undoTextProperty().get()));
        Fx.run(() -> vm.document().undo());
        assertEquals(before, Fx.call(() -> vm.document().spec()));

        Optional<String> badJson = Fx.call(() -> d().setInputAdapter("weather", "{\"kind\": "));
        assertTrue(badJson.orElse("").startsWith("input adapter"), badJson.toString());
        Optional<String> misfit = Fx.call(() -> d().setInputAdapter("weather", "{\"kind\": \"image\"}"));
        assertTrue(misfit.orElse("").startsWith("input adapter: "), misfit.toString());
        assertEquals(before, Fx.call(() -> vm.document().spec()), "nothing applied");
        assertEquals(Optional.empty(), Fx.call(() -> d().setInputAdapter("weather",
                "{\"kind\": \"text-hashed-ngrams\", \"lowercase\": true}")));
        assertEquals("text-hashed-ngrams", Fx.call(() -> vm.document().spec().expert("weather").orElseThrow().input()
                .kind()));
        Fx.run(() -> vm.document().undo());
        assertEquals(before, Fx.call(() -> vm.document().spec()));
    }
}
