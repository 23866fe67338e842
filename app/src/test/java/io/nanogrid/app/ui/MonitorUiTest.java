package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.dataset.DataSet;
import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.monitor.MonitorView;
import io.nanogrid.app.monitor.MonitorViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.testing.ProjectFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The live monitor on the sample grid, driven like a user would, headless under Monocle. */
@ExtendWith(ApplicationExtension.class)
class MonitorUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        vm = Workbenches.viewModel(Files.createTempDirectory(dir, "config"));
        Workbenches.show(stage, vm, 1400, 880);
        vm.open(ProjectFiles.sampleGrid("text-assistant", "grid.json"));
    }

    /** Stops the load even when the test failed half-way, so no load thread outlives it. */
    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            WaitForAsyncUtils.asyncFx(vm::close).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until the condition holds, checked on the FX thread: read from the test thread, a label's text can
     * already show a new state whose listeners (its style class) have not run yet.
     */
    private static void waitFor(BooleanSupplier condition, String what) {
        Fx.waitUntil(condition, what, 60);
    }

    /** The control in the fault panel's row of an expert, by its style class. */
    private static <T extends Node> T inRow(FxRobot robot, String expert, String styleClass, Class<T> type) {
        Node label = robot.lookup("#fault-" + expert).query();
        GridPane panel = (GridPane) label.getParent();
        int row = GridPane.getRowIndex(label);
        return panel.getChildren().stream().filter(n -> GridPane.getRowIndex(n) == row
                && n.getStyleClass().contains(styleClass)).map(type::cast).findFirst().orElseThrow();
    }

    @Test
    void runLoadInjectAFaultWatchTheBreakerOpenZoomAndExport(FxRobot robot) throws Exception {
        waitFor(() -> vm.session().gridProperty().get() != null, "the sample grid runs");
        robot.clickOn("Monitor");
        MonitorView view = robot.lookup(".monitor").queryAs(MonitorView.class);
        MonitorViewModel m = vm.monitor();

        robot.doubleClickOn("#monitor-rate .text-field").eraseText(6).write("300").type(KeyCode.ENTER);
        assertEquals(300, m.rate().get());
        robot.clickOn("#monitor-start");
        waitFor(() -> m.running().get() && m.requestsDone().get() > 200, "requests answered");
        waitFor(() -> !m.series().latencyShown().isEmpty() && m.series().latencyShown().get(0).getDataCount() > 5,
                "the latency chart has points");
        long redraws = view.redraws();
        waitFor(() -> view.redraws() > redraws + 10, "the charts redraw as samples arrive");

        // make the intent expert throw: its breaker opens (5 failures), its route fails, the others answer
        robot.clickOn(inRow(robot, "intent", "fault-throw", CheckBox.class));
        Label state = inRow(robot, "intent", "monitor-state", Label.class);
        waitFor(() -> state.getText().equals("open"), "intent's breaker opens");
        // the breaker may have moved on (half-open, open again) since: the style must follow whatever it shows
        String[] shown = Fx.call(() -> new String[] {state.getText(), String.join(" ", state.getStyleClass())});
        assertTrue(shown[1].contains("monitor-state-" + shown[0]), shown[0] + " shown with classes " + shown[1]);
        waitFor(() -> m.refused().get() > 0, "requests refused by the open breaker");
        assertEquals("ok", Fx.call(() -> inRow(robot, "spam", "monitor-state", Label.class).getText()));

        robot.clickOn("#monitor-stop");
        waitFor(() -> !m.running().get(), "stopped");
        WaitForAsyncUtils.waitForFxEvents();

        // hover a recent throughput point: its tooltip shows its value
        var chart = view.charts().get(1);
        DataSet answered = chart.getRenderers().get(0).getDatasets().get(0);
        Point2D point = WaitForAsyncUtils.asyncFx(() -> {
            int i = answered.getDataCount() - 10;
            Axis x = chart.getXAxis();
            Axis y = chart.getYAxis();
            return chart.getCanvas().localToScreen(x.getDisplayPosition(answered.get(DataSet.DIM_X, i)),
                    y.getDisplayPosition(answered.get(DataSet.DIM_Y, i)));
        }).get(10, TimeUnit.SECONDS);
        robot.moveTo(point);
        waitFor(() -> robot.lookup(".chart-datapoint-tooltip-label").tryQuery().filter(Node::isVisible).isPresent(),
                "a data point tooltip");
        String tip = robot.lookup(".chart-datapoint-tooltip-label").queryAs(Label.class).getText();
        assertTrue(tip.contains("req/s") || tip.matches("(?s).*\\d.*"), tip);

        // zoom: drag a rectangle over the latency chart's middle
        var latency = view.charts().get(0);
        double before = latency.getXAxis().getMax() - latency.getXAxis().getMin();
        var bounds = latency.getCanvas().localToScreen(latency.getCanvas().getBoundsInLocal());
        robot.drag(new Point2D(bounds.getMinX() + bounds.getWidth() * 0.3, bounds.getMinY() + bounds.getHeight() * 0.2))
                .dropTo(new Point2D(bounds.getMinX() + bounds.getWidth() * 0.6, bounds.getMinY() + bounds.getHeight() * 0.8));
        waitFor(() -> latency.getXAxis().getMax() - latency.getXAxis().getMin() < before * 0.6, "zoomed in");

        // export the charts as PNG (the file chooser is the one step left out)
        Path png = dir.resolve("charts.png");
        robot.interact(() -> m.exportPng(SwingFXUtils.fromFXImage(view.chartsPane().snapshot(null, null), null), png));
        // the status is set on the FX thread once the file is in place: wait for it, then read the file
        waitFor(() -> m.status().get().startsWith("Exported the charts"), "the export is reported");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals((int) Math.ceil(Fx.call(() -> view.chartsPane().getWidth())), img.getWidth(), 1);
    }
}
