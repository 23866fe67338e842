package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.routerlab.RouterLabViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 19: "the route table stays empty until a tab switch". The sample grid, the router lab, Load data,
 * Test current router, with no tab switch in between: the data table's rows are drawn (counted as table
 * rows holding an item), and so are the misrouted requests. Monocle; router-lab-route-table.png.
 */
@ExtendWith(ApplicationExtension.class)
class RouteTableUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path gridDir = Files.createTempDirectory(dir, "routes");
        Path grid = Workbenches.sampleTextGrid(gridDir);
        vm = Workbenches.viewModel(gridDir.resolve("config"), SharedData.dir());
        Workbenches.show(stage, vm, 1400, 880);
        vm.open(grid);
    }

    /** Rows the table draws with an item in them (what the user sees), for the table showing this model's list. */
    private long drawnRows(Object items) {
        return Fx.call(() -> stage.getScene().getRoot().lookupAll(".table-view").stream()
                .filter(n -> n instanceof TableView<?> t && t.getItems() == items).findFirst()
                .map(t -> t.lookupAll(".table-row-cell").stream().filter(r -> r instanceof TableRow<?> row
                        && row.getItem() != null && row.isVisible()).count()).orElse(-1L));
    }

    @Test
    void theRouteTableFillsWithoutATabSwitch(FxRobot robot) {
        SharedData.require("text");
        RouterLabViewModel lab = vm.routerLab();
        robot.clickOn("Router lab");
        robot.clickOn("Load data");
        Fx.waitUntil(() -> lab.pool().get() != null && !lab.busy().get(), "the data is pooled", 300);
        WaitForAsyncUtils.waitForFxEvents();
        int routes = Fx.call(() -> lab.routes().size());
        assertEquals(5, routes);
        assertEquals(routes, drawnRows(lab.routes()), "every route drawn in the data table");
        robot.clickOn("Test current router");
        Fx.waitUntil(() -> lab.report().get() != null && !lab.busy().get(), "the router is tested", 300);
        WaitForAsyncUtils.waitForFxEvents();
        Shots.save(stage.getScene(), "router-lab-route-table");
        assertEquals(routes, drawnRows(lab.routes()), "still drawn after the test");
        System.out.println("FIGURE misrouted " + Fx.call(() -> lab.misrouted().size()) + " drawn "
                + drawnRows(lab.misrouted()));
        assertTrue(Fx.call(() -> lab.misrouted().isEmpty()) || drawnRows(lab.misrouted()) > 0,
                "misrouted requests drawn");

        // the whole grid's table of figures per route: filled and shown (its tab selected) when the test ends
        robot.clickOn("Test whole grid");
        Fx.waitUntil(() -> lab.joint().get() != null && !lab.busy().get(), "the whole grid is tested", 600);
        WaitForAsyncUtils.waitForFxEvents();
        Object joint = Fx.call(() -> stage.getScene().getRoot().lookupAll(".table-view").stream()
                .filter(n -> n instanceof TableView<?> t && t.getColumns().stream()
                        .anyMatch(c -> "joint".equals(c.getText()))).map(n -> ((TableView<?>) n).getItems())
                .findFirst().orElseThrow());
        int perRoute = Fx.call(() -> lab.joint().get().perRoute().size());
        Shots.save(stage.getScene(), "router-lab-whole-grid-table");
        assertEquals(perRoute, drawnRows(joint), "every route's figures drawn without a tab switch");
    }
}
