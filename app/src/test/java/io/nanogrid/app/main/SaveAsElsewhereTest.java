package io.nanogrid.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.console.ConsoleViewModel;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Save As into a folder at another depth: the model paths are rewritten relative to the new file, the
 * running grid follows them (it used to be reopened against the old folder and lose its models), and
 * opening the saved file answers too (it used to keep the broken session: the spec had not changed).
 */
class SaveAsElsewhereTest extends ViewModelTest {
    @Test
    void theGridStillAnswersAfterSaveAsAndFromTheNewFolder() throws Exception {
        Path grid = Workbenches.threeModelGrid(Files.createDirectories(dir.resolve("first")));
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> vm.open(grid)));
        assertEquals("weather", ask("will it rain tomorrow"));

        Path moved = Files.createDirectories(dir.resolve("elsewhere").resolve("deeper")).resolve("moved.json");
        assertTrue(Fx.call(() -> vm.saveAs(moved)));
        assertEquals("../../first/router.onnx", Fx.call(() -> vm.document().spec().router().model()));
        assertEquals("weather", ask("will it rain tomorrow"), "the running grid follows the saved file");

        assertTrue(Fx.call(() -> vm.open(moved)));
        assertEquals("weather", ask("is it sunny today"), "the saved grid opens and runs from its new folder");
    }

    /** Waits for the session to settle, sends a text, returns the route it took (the request must be answered). */
    private String ask(String text) {
        Fx.waitUntil(() -> vm.tasks().running().isEmpty(), "the grid is loaded", 120);
        assertNull(Fx.call(() -> vm.session().problemProperty().get()), "the grid runs");
        ConsoleViewModel console = vm.console();
        int before = Fx.call(() -> console.history().size());
        Fx.run(() -> {
            console.text().set(text);
            console.sendText();
        });
        Fx.waitUntil(() -> console.history().size() > before || console.error().get() != null, "answered", 120);
        assertNull(Fx.call(() -> console.error().get()));
        ConsoleViewModel.Entry e = Fx.call(() -> console.history().get(0));
        assertTrue(!e.answer().startsWith("model_missing") && !e.answer().contains("failed"), e.toString());
        return e.route();
    }
}
