package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.NewGrids;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
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
 * A two-expert grid built from nothing through the workbench, headless under Monocle: File > New, Import ONNX
 * model... (two models made elsewhere) from the designer's to-do strip, the grid in progress saved and reopened
 * with what it lacks shown, each expert's labelled data chosen from the strip, New router (trained from that data,
 * no router file), Apply to grid, save (Ctrl+S), reopen, and a request typed into the console answered by the grid.
 * The file dialogs are the test's own (a native dialog cannot be driven headless) and Save As is called on the view
 * model; everything else is clicked.
 */
@ExtendWith(ApplicationExtension.class)
class GridFromNothingUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Scene scene;
    private NewGrids.Parts parts;

    @Start
    void start(Stage stage) throws Exception {
        Path work = Files.createTempDirectory(dir, "new");
        parts = NewGrids.twoExperts(work);
        vm = Workbenches.viewModel(work.resolve("config"), null);
        MainWindow window = new MainWindow(vm);
        Map<String, Path> data = Map.of("topics", parts.topicsData(), "mood", parts.moodData());
        window.useDialogs(owner -> List.of(parts.topicsModel(), parts.moodModel()),
                (expert, folder, owner) -> data.get(expert));
        scene = new Scene(window.root(), 1400, 880);
        stage.setScene(scene);
        window.attach(stage);
        stage.show();
    }

    private static void waitFor(BooleanSupplier condition, String what, int seconds) {
        Fx.waitUntil(condition, what, seconds);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void buildTrainSaveReopenAndAnswer(FxRobot robot) throws Exception {
        // an untouched new grid has nothing to save: New asks nothing (it asked to save "untitled")
        robot.clickOn("File").clickOn("New");
        assertTrue(robot.listWindows().size() == 1, "no dialog: " + robot.listWindows());
        // an empty grid's to-do strip: "no expert yet: Import ONNX model..."
        robot.clickOn("#todo-import-onnx-model");
        waitFor(() -> vm.document().spec().experts().size() == 2 && vm.labData().experts().size() == 2,
                "both models are imported and their data looked for", 60);
        assertNull(vm.document().spec().router());
        robot.lookup("#todo-new-router").query(); // the to-do strip offers New router...
        Shots.save(scene, "grid-in-progress-designer");
        // a grid in progress is saved and reopened as it is, and says again what it lacks
        Path grid = parts.topicsModel().getParent().resolveSibling("grid").resolve("grid.json");
        Fx.run(() -> assertTrue(vm.saveAs(grid), String.valueOf(vm.error().get())));
        assertNull(GridFiles.read(grid).router());
        assertTrue(Fx.call(() -> vm.open(grid)), String.valueOf(vm.error().get()));
        waitFor(() -> vm.labData().experts().size() == 2 && robot.lookup("#todo-new-router").tryQuery().isPresent(),
                "the reopened grid in progress shows what it lacks", 60);

        // the strip asks for one expert's data at a time
        for (int i = 0; i < 2; i++) {
            Hyperlink choose = robot.lookup(".hyperlink").queryAllAs(Hyperlink.class).stream().filter(h -> h.getId()
                    != null && h.getId().startsWith("todo-choose-labelled-data-for-")).findFirst().orElseThrow();
            String expert = choose.getText().replace("Choose labelled data for ", "").replace("...", "");
            robot.clickOn(choose);
            waitFor(() -> vm.document().spec().expert(expert).orElseThrow().data() != null
                    && vm.labData().experts().stream().anyMatch(s -> s.expert().equals(expert) && s.ready()),
                    expert + "'s data is recorded: " + Fx.call(() -> vm.labData().message().get()), 60);
        }
        assertTrue(vm.labData().ready().get());
        robot.clickOn("#todo-new-router");
        waitFor(() -> vm.routerLab().candidate().get() != null && !vm.routerLab().busy().get(),
                "a router is trained: " + Fx.call(() -> vm.routerLab().message().get()), 300);
        Label message = robot.lookup("#router-message").queryAs(Label.class);
        assertTrue(message.getText().startsWith("new logreg router"), message.getText());
        Shots.save(scene, "grid-from-nothing-router-lab");
        robot.clickOn("Apply to grid");
        GridSpec routed = vm.document().spec();
        // the experts in the order they were chosen in, whichever inspection came in first
        assertEquals(List.of("topics", "mood"), routed.router().routes());
        assertTrue(Files.isRegularFile(grid.resolveSibling(routed.router().model())), routed.router().model());

        robot.press(KeyCode.CONTROL).type(KeyCode.S).release(KeyCode.CONTROL);
        waitFor(() -> !vm.document().isDirty(), "saved", 30);
        assertEquals(routed.router().routes(), GridFiles.read(grid).router().routes());
        assertTrue(Fx.call(() -> vm.open(grid)), String.valueOf(vm.error().get()));
        assertEquals("../labelled/mood.tsv", vm.document().spec().expert("mood").orElseThrow().data().train().path());

        robot.clickOn("Designer");
        Fx.waitUntil(() -> vm.session().gridProperty().get() != null || vm.session().problemProperty().get() != null,
                "the reopened grid is loaded", 60);
        assertNull(Fx.call(() -> vm.session().problemProperty().get()));
        waitFor(() -> vm.session().gridProperty().get() != null, "the reopened grid runs", 60);
        robot.clickOn(".console .text-field").write("glad happy smile joy today").type(KeyCode.ENTER);
        waitFor(() -> vm.console().last().get() != null, "the grid answers", 60);
        assertEquals("mood", vm.console().last().get().route(), vm.console().last().get().toString());
        assertTrue(vm.designer().lacks().isEmpty(), vm.designer().lacks().toString());
        Shots.save(scene, "grid-from-nothing-answered");
    }
}
