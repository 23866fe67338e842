package io.nanogrid.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.Styles;
import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Shots;
import io.nanogrid.app.testing.Truncated;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.grid.LabelsSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javafx.scene.Parent;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The inspector's adapter and labels rows are text fields; a refused edit shows its reason. Monocle; inspector-edits.png. */
@ExtendWith(ApplicationExtension.class)
class InspectorEditsUiTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path work = Files.createTempDirectory(dir, "inspector");
        vm = Workbenches.viewModel(work.resolve("config"));
        assertTrue(vm.open(Workbenches.threeModelGrid(work)));
        Workbenches.show(stage, vm, 1280, 800);
    }

    /**
     * Types into a field as a person does, key by key, then Enter. The field gets the keyboard from the code, not a
     * click: the sheet scrolls, and a field below its view would leave a click to the scroll pane.
     */
    private void type(FxRobot robot, TextField field, String text) {
        Fx.run(() -> {
            field.requestFocus();
            field.selectAll();
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.write(text).type(KeyCode.ENTER);
    }

    /** Shows the Model rows only (the sheet scrolls: with the Expert rows open too the field is out of view). */
    private void expandModelRows() {
        Fx.run(() -> stage.getScene().getRoot().lookupAll(".titled-pane").stream()
                .filter(n -> n instanceof TitledPane).map(TitledPane.class::cast)
                .forEach(t -> {
                    t.setAnimated(false); // the field is clicked where it is, not where an animation has it
                    // the Model rows alone, so that the labels field is in the sheet's view, not below it
                    t.setExpanded(t.getText().equals("Model"));
                }));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void labelsAndAdapterAreEditableAndARefusalSaysWhy(FxRobot robot) {
        Fx.waitUntil(() -> vm.designer().nodes().stream().allMatch(n -> !n.health().equals("unknown")), "inspected",
                60);
        Fx.run(() -> vm.designer().selectOnly(Set.of("greeting")));
        Fx.waitUntil(() -> stage.getScene().getRoot().lookupAll(".text-field").stream()
                .anyMatch(n -> n instanceof TextField t && t.isEditable() && t.getText().equals("hello, bye")),
                "the labels row is an editable field", 60);
        expandModelRows();
        // typed as a person types, one key at a time: the row takes the whole text at Enter, not each keystroke
        TextField labels = Fx.call(() -> stage.getScene().getRoot().lookupAll(".text-field").stream()
                .filter(n -> n instanceof TextField t && t.isEditable() && t.getText().equals("hello, bye"))
                .map(TextField.class::cast).findFirst().orElseThrow());
        type(robot, labels, "hi, bye");
        Fx.waitUntil(() -> vm.document().spec().expert("greeting").map(e -> e.output()).orElse(null)
                instanceof LabelsSpec l && l.labels().equals(List.of("hi", "bye")), "the typed labels are the "
                + "expert's: " + Fx.call(() -> vm.document().spec()), 30);
        // one edit, not one per key: a single undo goes back to the model's own labels
        Fx.run(() -> vm.document().undo());
        assertEquals(null, Fx.call(() -> vm.document().spec().expert("greeting").orElseThrow().output()));
        assertFalse(Fx.call(() -> vm.document().canUndoProperty().get()));
        Fx.run(() -> vm.document().redo());

        // three labels for a model with two outputs: refused at the field, which keeps the text and says why
        Fx.waitUntil(() -> vm.designer().nodes().stream().allMatch(n -> !n.health().equals("unknown")), "reloaded",
                60);
        WaitForAsyncUtils.waitForFxEvents();
        expandModelRows();
        WaitForAsyncUtils.waitForFxEvents();
        TextField again = Fx.call(() -> stage.getScene().getRoot().lookupAll(".text-field").stream()
                .filter(n -> n instanceof TextField t && t.isEditable() && t.getText().equals("hi, bye"))
                .map(TextField.class::cast).findFirst().orElseThrow());
        type(robot, again, "hi, bye, later");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("hi, bye, later", Fx.call(again::getText));
        assertTrue(Fx.call(() -> again.getPseudoClassStates().contains(Styles.STATE_DANGER)));
        String why = Fx.call(() -> again.getTooltip().getText());
        assertTrue(why.startsWith("Not applied: ") && why.contains("3 labels"), why);
        assertEquals(List.of("hi", "bye"), Fx.call(() -> ((LabelsSpec) vm.document().spec().expert("greeting")
                .orElseThrow().output()).labels()));
        // the node list changing without a value changing (a model's health after a reload) keeps the rows, and
        // with them what is typed
        Fx.run(() -> vm.designer().refresh());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Fx.call(() -> again.getScene() != null), "the field is still in the sheet");
        assertEquals("hi, bye, later", Fx.call(again::getText));

        // the strip's link keeps its whole text beside the long list of experts without data
        assertEquals(List.of(), Fx.call(() -> Truncated.labels((Parent) stage.getScene().lookup("#grid-todo"),
                "hyperlink")));
        robot.sleep(1500); // the notice slides in: a picture, not an assertion
        Shots.save(stage.getScene(), "inspector-edits");
        robot.type(KeyCode.ESCAPE);
        assertEquals("hi, bye", Fx.call(again::getText));
        assertFalse(Fx.call(() -> again.getPseudoClassStates().contains(Styles.STATE_DANGER)));
    }
}
