package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The main window, driven like a user would, headless under Monocle. */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private MainWindow window;
    private Path grid;

    @Start
    void start(Stage stage) throws Exception {
        Path work = Files.createTempDirectory(dir, "ui");
        grid = Workbenches.threeModelGrid(work);
        vm = Workbenches.viewModel(work.resolve("config"));
        window = new MainWindow(vm);
        stage.setScene(new Scene(window.root(), 1400, 880));
        window.attach(stage);
        stage.show();
        vm.open(grid);
    }

    /** Waits until the condition holds, checked on the FX thread (where the state it reads is written). */
    private void waitFor(BooleanSupplier condition, String what) {
        Fx.waitUntil(condition, what, 30);
    }

    private static Point2D center(Bounds b) {
        return new Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
    }

    /** Drops files onto a node as the file manager would: a drag-over, then a drop, with a real Dragboard. */
    private static void dropFiles(FxRobot robot, Node target, List<Path> files) {
        robot.interact(() -> {
            Dragboard db = FileDrop.of(files);
            Bounds b = target.getLayoutBounds();
            double x = b.getMinX() + b.getWidth() * 0.65;
            double y = b.getMinY() + b.getHeight() * 0.55;
            Point2D screen = target.localToScreen(x, y);
            target.fireEvent(new DragEvent(DragEvent.DRAG_OVER, db, x, y, screen.getX(), screen.getY(),
                    TransferMode.COPY, null, null, null));
            target.fireEvent(new DragEvent(DragEvent.DRAG_DROPPED, db, x, y, screen.getX(), screen.getY(),
                    TransferMode.COPY, null, null, null));
        });
    }

    @Test
    void dropAModelConnectItRunARequestUndoRedoSaveAndReopen(FxRobot robot) throws Exception {
        waitFor(() -> robot.lookup("#node-weather").tryQuery().isPresent(), "the grid is drawn");
        waitFor(() -> vm.session().gridProperty().get() != null, "the grid runs");

        // delete the weather expert with the keyboard
        robot.clickOn("#node-weather");
        robot.type(KeyCode.DELETE);
        waitFor(() -> vm.document().spec().expert("weather").isEmpty(), "weather deleted");
        assertEquals(List.of("greeting"), vm.document().spec().router().routes());

        // drop its model file from "the file manager" onto the canvas
        Path model = grid.getParent().resolve("weather.onnx");
        dropFiles(robot, window.canvas(), List.of(model));
        waitFor(() -> robot.lookup("#node-weather").tryQuery().isPresent(), "the dropped model is a node");
        robot.clickOn("#node-weather");
        robot.interact(() -> { });
        robot.clickOn("#model"); // the Model tab (its view is built at this first showing)
        waitFor(() -> robot.lookup(".model-report-header").tryQueryAs(Label.class)
                .filter(l -> l.getText().contains("weather.onnx")).isPresent(), "the model inspector shows it");
        String header = robot.lookup(".model-report-header").queryAs(Label.class).getText();
        assertTrue(header.contains("parameters"), header);

        // connect it: drag from the router's port onto the new node
        Point2D port = center(robot.lookup(".router-port").query().localToScreen(
                robot.lookup(".router-port").query().getBoundsInLocal()));
        Point2D target = center(robot.lookup("#node-weather").query().localToScreen(
                robot.lookup("#node-weather").query().getBoundsInLocal()));
        robot.drag(port).dropTo(target);
        waitFor(() -> vm.document().spec().router().routes().contains("weather"), "connected");
        waitFor(() -> vm.session().gridProperty().get() != null
                && vm.session().gridProperty().get().spec().router().routes().contains("weather"), "reloaded");

        // run a request in the console
        robot.clickOn(".console .text-field").write("will it rain tomorrow");
        robot.clickOn("Send");
        waitFor(() -> vm.console().last().get() != null, "an answer");
        assertEquals("weather", vm.console().last().get().route());
        Label route = robot.lookup(".console-route").queryAs(Label.class);
        waitFor(() -> route.getText().startsWith("route: weather"), "the route is shown");

        // undo and redo with the keyboard
        robot.clickOn(window.canvas(), MouseButton.PRIMARY);
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitFor(() -> !vm.document().spec().router().routes().contains("weather"), "undone");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor(() -> vm.document().spec().router().routes().contains("weather"), "redone");

        // save, reopen, same grid
        assertTrue(vm.document().isDirty());
        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        waitFor(() -> !vm.document().isDirty(), "saved");
        GridSpec inMemory = vm.document().spec();
        robot.interact(() -> vm.open(grid));
        assertEquals(inMemory, vm.document().spec());
    }

    @Test
    void aCorruptGridOpensWithAClearErrorAndNothingIsOverwritten(FxRobot robot) throws Exception {
        waitFor(() -> robot.lookup("#node-greeting").tryQuery().isPresent(), "the grid is drawn");
        Path corrupt = grid.resolveSibling("corrupt.json");
        Files.writeString(corrupt, "{\"formatVersion\": 1, \"name\": \"x\", \"experts\": [ {\"id\": ");
        String before = Files.readString(corrupt);
        GridSpec open = vm.document().spec();
        robot.interact(() -> vm.open(corrupt));
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog");
        String text = robot.lookup(".dialog-pane").queryAs(DialogPane.class).getContentText();
        assertTrue(text.contains("corrupt.json") && text.contains("not valid JSON"), text);
        assertEquals(before, Files.readString(corrupt), "the corrupt file is untouched");
        assertEquals(open, vm.document().spec(), "the open grid is still the open grid");
    }
}
