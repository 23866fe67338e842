package io.nanogrid.engine.router;

import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.files.BadInputException;

/**
 * The router a grid built expert by expert gets first: it routes to every expert, in the grid's order, and is
 * trained from their labelled data (`nanogrid router train` and the workbench's New router both start here).
 */
public final class FirstRouter {
    /** The router model's file name, beside the grid file. */
    public static final String MODEL = "router.onnx";

    private FirstRouter() {
    }

    /**
     * The grid with a router over all its experts (not trained yet: {@code model} names the file it will be
     * written to).
     *
     * @param source names the grid in the message when it has fewer than two experts
     */
    public static GridSpec over(GridSpec spec, String model, String source) {
        if (spec.router() != null) {
            return spec;
        }
        if (spec.experts().size() < 2) {
            throw new BadInputException(source + ": a router needs at least two experts to choose between; the grid "
                    + "has " + spec.experts().size());
        }
        return spec.withRouter(new RouterSpec(model, null, spec.experts().stream().map(ExpertSpec::id).toList(), null,
                null, null, null));
    }
}
