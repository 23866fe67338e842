package io.nanogrid.app.routerlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The lab shows the grid's own threshold from the moment the grid opens, not 0.500 until a test. */
class RouterLabThresholdTest extends ViewModelTest {
    private static Path withThreshold(Path grid, double threshold) {
        GridSpec s = GridFiles.read(grid);
        GridFiles.write(s.withRouter(s.router().withThreshold(threshold)), grid);
        return grid;
    }

    @Test
    void theGridsThresholdBeforeAnythingIsTested() throws Exception {
        Path a = withThreshold(Workbenches.threeModelGrid(Files.createDirectories(dir.resolve("a"))), 0.8488);
        Path b = withThreshold(Workbenches.threeModelGrid(Files.createDirectories(dir.resolve("b"))), 0.3);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> vm.open(a)));
        assertEquals(0.8488, Fx.call(() -> vm.routerLab().threshold().get()), 1e-12);
        assertTrue(Fx.call(() -> vm.open(b)));
        assertEquals(0.3, Fx.call(() -> vm.routerLab().threshold().get()), 1e-12, "follows the grid opened");
        Fx.run(vm::newGrid);
        assertEquals(0.5, Fx.call(() -> vm.routerLab().threshold().get()), 1e-12, "no router yet: the default");
    }
}
