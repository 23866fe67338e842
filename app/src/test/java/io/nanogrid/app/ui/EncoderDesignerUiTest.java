package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.canvas.EdgeModel;
import io.nanogrid.app.canvas.NodeModel;
import io.nanogrid.app.inspector.InspectorView;
import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.testing.EncoderGrids;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.TinyEncoder;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.NodePosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.shape.CubicCurve;
import javafx.stage.Stage;
import org.controlsfx.control.PropertySheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The designer on a grid with a shared encoder, headless under Monocle: the encoder is a node with arrows to
 * the router and to each head, its properties say what it is, and it moves and is saved like any node.
 */
@ExtendWith(ApplicationExtension.class)
class EncoderDesignerUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private MainWindow window;
    private Path grid;

    @Start
    void start(Stage stage) throws Exception {
        grid = EncoderGrids.weatherAndMusic(Files.createTempDirectory(dir, "grid"));
        vm = Workbenches.viewModel(Files.createTempDirectory(dir, "config"));
        window = new MainWindow(vm);
        stage.setScene(new Scene(window.root(), 1400, 880));
        window.attach(stage);
        stage.show();
        vm.open(grid);
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        Fx.waitUntil(condition, what, 60);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Point2D center(Node n) {
        Bounds b = n.localToScreen(n.getBoundsInLocal());
        return new Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
    }

    private static String value(PropertySheet sheet, String name) {
        return sheet.getItems().stream().filter(i -> i.getName().equals(name)).map(i -> String.valueOf(i.getValue()))
                .findFirst().orElse("(no row " + name + ")");
    }

    @Test
    void theEncoderIsDrawnWithItsArrowsInspectedMovedAndSaved(FxRobot robot) throws Exception {
        waitFor(() -> robot.lookup("#node-encoder").tryQuery().isPresent(), "the encoder is drawn");
        // the heads are known once their models are inspected: then every arrow is there
        waitFor(() -> vm.designer().edges().stream().filter(e -> e.kind() == EdgeModel.Kind.EMBEDDING).count() == 3,
                "the encoder's arrows");
        Set<String> targets = Fx.call(() -> vm.designer().edges().stream()
                .filter(e -> e.from().equals(GridSpec.ENCODER_NODE)).map(EdgeModel::to).collect(Collectors.toSet()));
        assertEquals(Set.of("router", "weather", "music"), targets);
        EdgeModel toRouter = Fx.call(() -> vm.designer().edges().stream()
                .filter(e -> e.to().equals(GridSpec.ROUTER_NODE) && e.kind() == EdgeModel.Kind.EMBEDDING).findFirst()
                .orElseThrow());
        assertEquals("embedding", toRouter.label(), "the router is a head on the encoder too");
        waitFor(() -> robot.lookup(".grid-edge-embedding").queryAll().size() == 3, "three dotted curves drawn");
        // the encoder sits above the router: its arrow runs down into the router, the heads' from its right side
        Node encoderNode = robot.lookup("#node-encoder").query();
        Node routerNode = robot.lookup("#node-router").query();
        double right = Fx.call(() -> encoderNode.getLayoutX() + NodeModel.WIDTH);
        double bottom = Fx.call(() -> encoderNode.getLayoutY() + NodeModel.HEIGHT);
        double routerTop = Fx.call(routerNode::getLayoutY);
        int down = 0;
        for (Node n : robot.lookup(".grid-edge-embedding").queryAll()) {
            CubicCurve c = (CubicCurve) n;
            double[] ends = Fx.call(() -> new double[] {c.getStartX(), c.getStartY(), c.getEndY()});
            if (Math.abs(ends[1] - bottom) < 1) {
                assertEquals(routerTop, ends[2], 1.0, "into the router's top");
                down++;
            } else {
                assertEquals(right, ends[0], 1.0, "from the encoder's right side");
            }
        }
        assertEquals(1, down, "one arrow down, into the router");
        waitFor(() -> vm.catalog().reports().size() >= 4, "the models are inspected");
        Fx.run(() -> window.canvas().fit());
        WaitForAsyncUtils.waitForFxEvents();
        Shots.save(window.root().getScene(), "designer-encoder");

        // its properties: model, tokenizer, pooling, dimensions, heads
        robot.clickOn("#node-encoder");
        PropertySheet sheet = robot.lookup(".inspector").queryAs(InspectorView.class).sheet();
        waitFor(() -> value(sheet, "dimensions").equals(Integer.toString(TinyEncoder.DIMENSIONS)), "dimensions");
        assertEquals("encoder.onnx", value(sheet, "model file"));
        assertEquals("tokenizer.json", value(sheet, "tokenizer"));
        assertEquals("mean, L2-normalized", value(sheet, "pooling"));
        assertEquals("router, weather, music", value(sheet, "heads"));
        Shots.save(window.root().getScene(), "designer-encoder-properties");

        // moved like any node: its place is in the layout, undoable, and saved
        NodePosition before = Fx.call(() -> vm.designer().nodes().stream()
                .filter(n -> n.id().equals(GridSpec.ENCODER_NODE)).map(n -> new NodePosition(n.x(), n.y()))
                .findFirst().orElseThrow());
        BooleanSupplier moved = () -> vm.document().spec().layout().containsKey(GridSpec.ENCODER_NODE);
        // a robot drag is real input, and a machine busy enough can lose its first steps (seen once at load
        // average 30): drag again until the layout has the move; the check is the layout, never the time
        for (int attempt = 0; attempt < 3 && !Fx.call(moved::getAsBoolean); attempt++) {
            WaitForAsyncUtils.waitForFxEvents();
            Point2D from = center(robot.lookup("#node-encoder").query()); // redrawn since: selected
            robot.drag(from).dropTo(from.add(0, 120));
            WaitForAsyncUtils.waitForFxEvents();
        }
        waitFor(moved, "the move is in the layout");
        NodePosition after = Fx.call(() -> vm.document().spec().layout().get(GridSpec.ENCODER_NODE));
        assertEquals(before.x(), after.x(), 2.0);
        assertTrue(after.y() > before.y() + 40, before + " -> " + after);
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        waitFor(() -> !vm.document().isDirty(), "saved");
        Map<String, NodePosition> saved = GridFiles.read(grid).layout();
        assertEquals(after, saved.get(GridSpec.ENCODER_NODE));
        assertEquals(List.of("weather", "music"), GridFiles.read(grid).router().routes());
        assertEquals("encoder.onnx", GridFiles.read(grid).encoder().model(), "the encoder stays in the grid");
    }
}
