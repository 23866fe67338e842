package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.eval.Evaluator;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.files.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Whether requests fit the model or grid they are for, checked up front by sending the first one
 * through, as `run` checks its request: data of the wrong kind (text for an image model) or shape is
 * bad input, refused with the model's and the data's names, instead of a run in which every request fails.
 */
final class DataFit {
    private DataFit() {
    }

    /**
     * @param target names the model or grid in the message
     * @param what   names the requests, e.g. "the examples of FILE"
     */
    static void check(Grid grid, Path target, Request first, String what) {
        GridResponse r = grid.route(first);
        if (r.refused()) {
            throw new BadInputException(target + " does not take " + what + ": " + r.error().message());
        }
    }

    static void check(Grid grid, Path target, Dataset data) {
        if (data.size() > 0) {
            check(grid, target, data.examples().get(0).request(), examples(data));
        }
    }

    /** Opens the grid for the check alone (for commands that open it again for each variant). */
    static void check(GridSpec spec, Path baseDir, ModelLoader loader, Path target, Dataset data) {
        check(spec, baseDir, loader, target, data, null);
    }

    /** As above, and warns on {@code err} (when not null) of labels the answering expert does not have. */
    static void check(GridSpec spec, Path baseDir, ModelLoader loader, Path target, Dataset data, PrintWriter err) {
        if (data.size() > 0) {
            try (Grid grid = Grid.open(spec, baseDir, loader)) {
                check(grid, target, data);
                if (err != null) {
                    Evaluator.unknownLabels(grid, data.examples()).forEach(w -> err.println("nanogrid: warning: " + w));
                }
            }
        }
    }

    static String examples(Dataset data) {
        return "the examples of " + data.source();
    }
}
