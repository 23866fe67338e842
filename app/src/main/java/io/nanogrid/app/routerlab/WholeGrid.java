package io.nanogrid.app.routerlab;

import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.router.JointEvaluation;
import io.nanogrid.engine.router.JointReport;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The held-out stream through the whole grid with a candidate router at a threshold (its model written to a
 * temporary file for the run; its routes when it added one). Called off the FX thread.
 */
final class WholeGrid {
    private WholeGrid() {
    }

    static JointReport test(RouterLabViewModel.Candidate c, GridSpec spec, Path base, double t, RouterPool p,
            ModelLoader loader, Progress progress) {
        Path routerFile = null;
        try {
            GridSpec trial = spec.withRouter(spec.router().withThreshold(t));
            if (c.model() != null) {
                routerFile = Files.createTempFile("nanogrid-router", ".onnx");
                AtomicFiles.write(routerFile, c.model());
                trial = trial.withRouter(trial.router().withModel(routerFile.toString()).withInput(null));
            }
            if (c.routes() != null) {
                trial = trial.withRouter(RouterSpecs.withRoutes(trial.router(), c.routes()));
            }
            try (Grid grid = Grid.open(trial, base, loader)) {
                return JointEvaluation.run(grid, p.test(), progress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (routerFile != null) {
                routerFile.toFile().delete();
            }
        }
    }
}
