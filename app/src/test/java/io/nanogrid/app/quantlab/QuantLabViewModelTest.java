package io.nanogrid.app.quantlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.data.DataBar;
import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.quant.PlanReport;
import io.nanogrid.engine.quant.PlanService;
import io.nanogrid.engine.quant.Sensitivity;
import io.nanogrid.engine.quant.SweepReport;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import io.fair_acc.chartfx.XYChart;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * The quantization lab on the sample text grid: a real sweep (every expert quantized to 4 bits,
 * measured on the experts' real held-out data), the budget planner, apply and undo. No Stage.
 */
class QuantLabViewModelTest extends ViewModelTest {
    /** One expert's weights, each quantized alone at 8, 4 and 2 bits on its held-out examples: the chart's data. */
    @Test
    void sensitivityOfOneExpertsWeights() {
        Path data = SharedData.require("text").getParent();
        Path grid = Workbenches.sampleTextGrid(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config"), data));
        assertTrue(Fx.call(() -> vm.open(grid)));
        TaskRunner tasks = Fx.call(() -> new TaskRunner(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quant-lab-test");
            t.setDaemon(true);
            return t;
        })));
        QuantLabViewModel lab = Fx.call(() -> new QuantLabViewModel(vm::document, new PlanService(new OrtRuntime(),
                ModelQuantizer.standard()), tasks, () -> data, 40));
        Fx.run(() -> lab.runSensitivity("spam"));
        Fx.waitUntil(() -> lab.sensitivity().get() != null && !lab.busy().get(), "the sensitivity is measured", 600);
        Sensitivity s = Fx.call(() -> lab.sensitivity().get());
        assertEquals(List.of(8, 4, 2), s.widths());
        assertTrue(!s.rows().isEmpty() && s.examples() > 0, s.toString());
        for (Sensitivity.Row r : s.rows()) {
            assertTrue(r.error().get(2) >= r.error().get(4) && r.error().get(4) >= r.error().get(8), r.toString());
        }
        Fx.run(() -> lab.runSensitivity("nobody"));
        assertEquals("Choose an expert to measure its weights' sensitivity.", Fx.call(() -> lab.message().get()));
    }

    @Test
    void sweepPlanApplyAndUndo() {
        Path data = SharedData.require("text").getParent();
        Path grid = Workbenches.sampleTextGrid(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config"), data));
        assertTrue(Fx.call(() -> vm.open(grid)));
        TaskRunner tasks = Fx.call(() -> new TaskRunner(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quant-lab-test");
            t.setDaemon(true);
            return t;
        })));
        // 40 held-out requests per route keep the test quick; the workbench measures 200
        QuantLabViewModel lab = Fx.call(() -> new QuantLabViewModel(vm::document, new PlanService(new OrtRuntime(), ModelQuantizer.standard()), tasks, () -> data,
                40));
        Fx.run(() -> {
            lab.bits("8").set(false);
            lab.bits("2").set(false);
            lab.runSweep();
        });
        Fx.waitUntil(() -> lab.sweep().get() != null && !lab.busy().get(), "the sweep finishes", 600);
        List<SweepReport.ModelRow> rows = Fx.call(() -> List.copyOf(lab.rows()));
        assertEquals(10, rows.size(), "five experts, float and 4-bit: " + rows);
        SweepReport report = Fx.call(() -> lab.sweep().get().report());
        assertTrue(report.labelled(), "measured against the experts' labels");
        assertEquals(200, report.examples());
        for (String expert : List.of("langid", "sentiment", "spam", "topic", "intent")) {
            SweepReport.ModelRow f = row(rows, expert, "float");
            SweepReport.ModelRow q = row(rows, expert, "q4-b32-rtn");
            assertTrue(f.fileBytes() > 3 * q.fileBytes(), expert + ": " + f.fileBytes() + " vs " + q.fileBytes());
            assertTrue(q.accuracy() > f.accuracy() - 0.05, expert + ": " + q.accuracy() + " vs " + f.accuracy());
            assertTrue(Files.exists(dir.resolve("quantized").resolve(expert + ".q4-b32-rtn.onnx")), expert);
        }

        // the budget spans the all-4-bit grid to the all-float grid; the planner fits within it
        long[] range = Fx.call(lab::budgetRange);
        assertTrue(range[0] < range[1] / 2, range[0] + " .. " + range[1] + " " + rows + " router " + report.router());
        PlanReport smallest = Fx.call(() -> {
            lab.budget().set(range[0]);
            return lab.plan().get();
        });
        assertNotNull(smallest.chosen(), "the smallest grid fits its own size");
        assertTrue(smallest.chosen().bytes() <= range[0]);
        assertTrue(smallest.chosen().variants().values().stream().allMatch("q4-b32-rtn"::equals),
                smallest.chosen().variants().toString());
        PlanReport none = Fx.call(() -> {
            lab.budget().set(range[0] - 1);
            return lab.plan().get();
        });
        assertNull(none.chosen(), "nothing fits below the smallest grid");

        // a latency budget: at the fastest grid's predicted latency the plan is that fast; below it nothing fits
        double[] micros = Fx.call(lab::latencyRange);
        assertTrue(micros[0] > 0 && micros[0] < micros[1], micros[0] + " .. " + micros[1]);
        PlanReport fastest = Fx.call(() -> {
            lab.budget().set(range[1]);
            lab.latencyBudget().set(micros[0]);
            return lab.plan().get();
        });
        assertEquals(micros[0], fastest.latencyBudgetMicros(), 1e-9);
        assertNotNull(fastest.chosen(), "the fastest grid fits its own latency");
        assertTrue(fastest.chosen().latencyMicros() <= micros[0] + 0.05, fastest.chosen().toString());
        PlanReport tooFast = Fx.call(() -> {
            lab.latencyBudget().set(micros[0] - 1);
            return lab.plan().get();
        });
        assertNull(tooFast.chosen(), "nothing is faster than the fastest grid");
        PlanReport unlimited = Fx.call(() -> {
            lab.latencyBudget().set(micros[1]);
            return lab.plan().get();
        });
        assertNull(unlimited.latencyBudgetMicros(), "at the top of the range there is no latency budget");

        // apply the smallest plan: every expert points at its 4-bit file; undo restores the floats
        Fx.run(() -> {
            lab.budget().set(range[0]);
            lab.apply();
        });
        Map<String, String> models = Fx.call(() -> models(vm));
        assertEquals("quantized/topic.q4-b32-rtn.onnx", models.get("topic"), models.toString());
        String applied = Fx.call(() -> lab.message().get());
        assertTrue(applied.startsWith("Applied: ") && applied.contains("topic q4-b32-rtn")
                && !applied.contains("{") && !applied.contains("="), "the plan as people read it: " + applied);
        Fx.run(() -> vm.document().undo());
        assertEquals("experts/topic.onnx", Fx.call(() -> models(vm)).get("topic"));
    }

    /**
     * No labels (no datasets folder): the points are agreement with the float grid, and so is the plan. The
     * planned agreement used to leave out the requests the float router sent to the fallback (0.9219 for the
     * all-float grid whose every row read 1.0000), and the axis said "accuracy".
     */
    @Test
    void withoutLabelsThePlanMeasuresAgreementLikeThePoints() {
        Path grid = Workbenches.sampleTextGrid(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> vm.open(grid)));
        TaskRunner tasks = Fx.call(() -> new TaskRunner(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quant-lab-test");
            t.setDaemon(true);
            return t;
        })));
        QuantLabViewModel lab = Fx.call(() -> new QuantLabViewModel(vm::document, new PlanService(new OrtRuntime(),
                ModelQuantizer.standard()), tasks, () -> null, 40));
        assertEquals("accuracy", Fx.call(() -> lab.measure().get()));
        // to look at: quant-lab-no-labels.png (with the data bar that says how to get labels)
        Scene scene = Fx.call(() -> new Scene(new QuantLabView(lab, new DataBar(vm.labData(),
                DataBar::nativeDialogs)), 1280, 760));
        Fx.run(() -> {
            lab.bits("4").set(false);
            lab.bits("2").set(false);
            lab.runSweep();
        });
        Fx.waitUntil(() -> lab.sweep().get() != null && !lab.busy().get(), "the sweep finishes", 600);
        SweepReport report = Fx.call(() -> lab.sweep().get().report());
        assertFalse(report.labelled());
        assertEquals("agreement with float", Fx.call(() -> lab.measure().get()));
        int answered = report.models().stream().filter(m -> m.variant().equals("float"))
                .mapToInt(SweepReport.ModelRow::examples).sum();
        assertTrue(answered < report.examples(), "some requests go to the fallback: " + answered + " of "
                + report.examples());

        PlanReport all = Fx.call(() -> lab.plan().get());
        assertEquals("agreement", all.objective());
        for (SweepReport.GridRow g : report.grid()) {
            PlanReport.Plan same = all.front().stream().filter(p -> p.variants().values().stream()
                    .allMatch(g.variant()::equals)).findFirst().orElse(null);
            if (g.variant().equals("float")) {
                assertEquals(g.top1Agreement(), all.allFloat().predicted(), 1e-6, "the float grid's point");
            } else if (same != null) {
                assertEquals(g.top1Agreement(), same.predicted(), 0.02, g.variant() + ": the plan of the point");
            }
        }
        // the planned point is among the points, not below them all
        double lowest = report.grid().stream().mapToDouble(SweepReport.GridRow::top1Agreement).min().orElseThrow();
        assertTrue(all.chosen().predicted() >= lowest - 0.02, all.chosen() + " vs lowest point " + lowest);
        Stage stage = Fx.call(() -> {
            Stage st = new Stage();
            st.setScene(scene);
            st.show();
            return st;
        });
        Fx.waitUntil(() -> scene.getRoot().lookupAll(".axis-label").stream().anyMatch(Node::isVisible), "laid out", 30);
        Fx.run(() -> scene.getRoot().layout());
        Shots.save(scene, "quant-lab-no-labels");

        Fx.run(stage::close);
        assertEquals("agreement with float", Fx.call(() -> scene.getRoot().lookupAll("*").stream()
                .filter(n -> n instanceof XYChart).map(n -> ((XYChart) n).getYAxis().getName()).findFirst()
                .orElseThrow()));
    }

    private static Map<String, String> models(MainViewModel vm) {
        return vm.document().spec().experts().stream().collect(Collectors.toMap(ExpertSpec::id,
                ExpertSpec::model));
    }

    private static SweepReport.ModelRow row(List<SweepReport.ModelRow> rows, String expert, String variant) {
        return rows.stream().filter(r -> r.expert().equals(expert) && r.variant().equals(variant)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + expert + " " + variant + " in " + rows));
    }
}
