package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.routerlab.BeforeAfter;
import io.nanogrid.app.routerlab.RouterLabViewModel;
import io.nanogrid.app.routerlab.UserRequest;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.RouterGrids;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Truncated;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.router.RouterComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The user's loop in the router lab, driven like a user would, headless under Monocle: a file of their requests
 * dropped on the lab, one labelled in one click, the router retrained with them, and the before/after table
 * shows their requests routed better.
 */
@ExtendWith(ApplicationExtension.class)
class UsersLoopUiTest {
    private static final String UNLABELLED = "zorble zorble zorble";

    @TempDir
    static Path dir;
    private MainViewModel vm;
    private MainWindow window;
    private Path work;

    @Start
    void start(Stage stage) throws Exception {
        work = Files.createTempDirectory(dir, "loop");
        Path grid = RouterGrids.topicsAndMood(work);
        vm = Workbenches.viewModel(work.resolve("config"), RouterGrids.dataDir(grid));
        window = new MainWindow(vm);
        stage.setScene(new Scene(window.root(), 1400, 880));
        window.attach(stage);
        stage.show();
        vm.open(grid);
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        Fx.waitUntil(condition, what, 300);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Drops a file on a node as the file manager would. */
    private static void drop(FxRobot robot, Node target, Path file) {
        robot.interact(() -> {
            Dragboard db = FileDrop.of(List.of(file));
            Bounds b = target.getLayoutBounds();
            Point2D screen = target.localToScreen(b.getWidth() / 2, b.getHeight() / 2);
            for (var type : List.of(DragEvent.DRAG_OVER, DragEvent.DRAG_DROPPED)) {
                target.fireEvent(new DragEvent(type, db, b.getWidth() / 2, b.getHeight() / 2, screen.getX(),
                        screen.getY(), TransferMode.COPY, null, null, null));
            }
        });
    }

    /** The table row showing the request with this text (rows are reused as the list changes: look again). */
    private static TableRow<?> row(FxRobot robot, String text) {
        return robot.lookup(".table-row-cell").queryAll().stream().map(n -> (TableRow<?>) n)
                .filter(r -> r.getItem() instanceof UserRequest u && u.text().equals(text)).findFirst().orElseThrow();
    }

    @Test
    void dropLabelInOneClickRetrainAndSeeBeforeAndAfter(FxRobot robot) throws Exception {
        RouterLabViewModel lab = vm.routerLab();
        robot.clickOn("Router lab");
        robot.clickOn("Your requests");
        Path mine = RouterGrids.userRequests(work.resolve("my-requests.tsv"), 40, List.of(0));
        drop(robot, robot.lookup("#requests-table").query(), mine);
        waitFor(() -> lab.requests().items().size() == 80
                && lab.requests().items().stream().allMatch(r -> r.choice() != null), "the requests are routed");
        assertEquals("80 requests, 79 labelled", robot.lookup("#requests-count").queryAs(Label.class).getText());

        // the misrouted ones alone: labelled, and the current router sends them elsewhere
        long misrouted = Fx.call(() -> lab.requests().items().stream().filter(UserRequest::misrouted).count());
        assertTrue(misrouted > 10, "the current router has never seen these words: " + misrouted);
        TableView<?> requests = robot.lookup("#requests-table").queryAs(TableView.class);
        robot.clickOn("#requests-show").clickOn("misrouted");
        assertEquals(misrouted, (long) Fx.call(() -> requests.getItems().size()));
        assertTrue(Fx.call(() -> requests.getItems().stream().allMatch(r -> ((UserRequest) r).misrouted())));
        robot.clickOn("#requests-show").clickOn("all requests");
        assertEquals(80, (int) Fx.call(() -> requests.getItems().size()));

        // one click: the unlabelled request's right route
        TableRow<?> row = row(robot, UNLABELLED);
        assertNull(((UserRequest) row.getItem()).route());
        Button topics = robot.from(row).lookup("#label-topics").queryButton();
        robot.clickOn(topics);
        waitFor(() -> lab.requests().labelledCount().get() == 80, "labelled in one click");
        assertEquals("80 requests, 80 labelled", robot.lookup("#requests-count").queryAs(Label.class).getText());
        assertTrue(Fx.call(() -> robot.from(row(robot, UNLABELLED)).lookup("#label-topics").queryButton()
                .getStyleClass().contains("accent")), "the chosen route is highlighted");

        // an out-of-scope set (its file chooser is the one step left out): the share reaching the fallback is measured
        Path oos = Files.write(work.resolve("oos.txt"), List.of("what is the capital of peru",
                "how do I reset my password", "tell me a joke about cats", "translate hello into german",
                "book a table for two", "call my mother"));
        robot.interact(() -> lab.loadOutOfScope(oos));
        waitFor(() -> !lab.busy().get() && lab.outOfScope().get().startsWith("6 out-of-scope"), "out of scope set");

        robot.clickOn("#requests-retrain");
        waitFor(() -> lab.comparison().get() != null && !lab.busy().get() && vm.tasks().running().isEmpty(),
                "retrained with the user's requests");
        RouterComparison c = Fx.call(() -> lab.comparison().get());
        assertTrue(c.after().userAccuracy() > c.before().userAccuracy(), c.toString());
        assertEquals(1.0, c.after().userAccuracy(), 1e-9, c.toString());

        TableView<?> table = robot.lookup("#before-after").queryAs(TableView.class);
        BeforeAfter.Row user = (BeforeAfter.Row) table.getItems().get(1);
        assertEquals("routing, your requests (held out)", user.figure());
        assertEquals("100.0% of 16", user.after());
        assertTrue(user.change().startsWith("+") && !user.change().startsWith("+0.0"), user.change());
        BeforeAfter.Row outside = (BeforeAfter.Row) table.getItems().get(2);
        assertTrue(outside.before().endsWith("% of 6") && outside.after().endsWith("% of 6"), outside.toString());
        assertTrue(robot.from(table).lookup(".table-cell").queryAll().stream().anyMatch(
                n -> n instanceof TableCell<?, ?> cell && "100.0% of 16".equals(cell.getText())), "shown in the table");
        Shots.save(window.root().getScene(), "router-lab-before-after");
        // every column header reads in full, in the lab's tables on both sides
        robot.clickOn("Data");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), Fx.call(() -> Truncated.labels(window.root(), "column-header")),
                "column headers cut short");

        robot.clickOn("Apply the new router");
        assertEquals("router-1.onnx", vm.document().spec().router().model());
    }
}
