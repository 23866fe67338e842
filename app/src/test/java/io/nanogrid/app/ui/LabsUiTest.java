package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The router lab and the quantization lab driven by clicks and keys on the sample text grid, with
 * the real datasets (skipped when ../shared/data is absent), headless under Monocle.
 */
@ExtendWith(ApplicationExtension.class)
class LabsUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Path gridDir;

    @Start
    void start(Stage stage) throws Exception {
        gridDir = Files.createTempDirectory(dir, "labs");
        Path grid = Workbenches.sampleTextGrid(gridDir);
        vm = Workbenches.viewModel(gridDir.resolve("config"), SharedData.dir());
        Workbenches.show(stage, vm, 1400, 880);
        vm.open(grid);
    }

    private static void waitFor(BooleanSupplier condition, String what, int seconds) {
        Fx.waitUntil(condition, what, seconds); // checked on the FX thread, where the state it reads is written
        // the condition can hold while the FX thread is still applying the result: let it finish
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void trainARouterMoveTheThresholdAndApplyIt(FxRobot robot) {
        SharedData.require("text");
        robot.clickOn("Router lab");
        robot.clickOn("#router-per-route").clickOn("1000 per route");
        robot.clickOn("Load data");
        waitFor(() -> vm.routerLab().pool().get() != null, "the data is pooled", 300);
        robot.clickOn("Train");
        waitFor(() -> vm.routerLab().candidate().get() != null && !vm.routerLab().busy().get(), "a router is trained",
                300);
        Label figures = robot.lookup("#router-figures").queryAs(Label.class);
        assertTrue(figures.getText().startsWith("held out"), figures.getText() + " / " + vm.routerLab().message().get());
        String before = figures.getText();
        // the threshold slider has the keyboard once its thumb is pressed (a press beside the track does not give
        // it focus: the test had it from the Train button's focus passing on while disabled, to the next control):
        // Home drops it to 0, where every request is answered
        robot.clickOn("#router-threshold .thumb");
        robot.type(KeyCode.HOME);
        assertEquals(0.0, vm.routerLab().threshold().get(), 1e-9);
        assertTrue(figures.getText().contains("at 0.000: coverage 100.0%"), figures.getText());
        assertTrue(!figures.getText().equals(before));
        robot.clickOn("Apply to grid");
        assertEquals("router-1.onnx", vm.document().spec().router().model());
        assertEquals(0.0, vm.document().spec().router().threshold());
        assertTrue(Files.exists(gridDir.resolve("router-1.onnx")));
    }

    @Test
    void sweepPlanForTheSmallestBudgetAndApply(FxRobot robot) {
        SharedData.require("text");
        robot.clickOn("Quantization lab");
        robot.clickOn("#quant-bits-8").clickOn("#quant-bits-2");
        robot.clickOn("Sweep");
        assertEquals(2, vm.quantLab().variants().size(), "float and 4-bit ticked");
        waitFor(() -> vm.quantLab().sweep().get() != null && !vm.quantLab().busy().get(), "the sweep finishes", 600);
        TableView<?> table = robot.lookup("#quant-table").queryAs(TableView.class);
        assertEquals(10, table.getItems().size(), "five experts, float and 4-bit: " + vm.quantLab().message().get());
        Slider budget = robot.lookup("#quant-budget").queryAs(Slider.class);
        robot.clickOn(budget).type(KeyCode.HOME);
        assertEquals(budget.getMin(), budget.getValue(), 1e-6);
        Label plan = robot.lookup("#quant-plan").queryAs(Label.class);
        assertTrue(plan.getText().startsWith("Plan:") && plan.getText().contains("topic: q4-b32-rtn"), plan.getText());
        robot.clickOn("Apply plan to grid");
        assertEquals("quantized/topic.q4-b32-rtn.onnx", vm.document().spec().expert("topic").orElseThrow().model());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertEquals("experts/topic.onnx", vm.document().spec().expert("topic").orElseThrow().model());
    }
}
