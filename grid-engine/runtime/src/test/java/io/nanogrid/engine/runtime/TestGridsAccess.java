package io.nanogrid.engine.runtime;

import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Path;

/** The three-model test grid, for tests in other packages. */
public final class TestGridsAccess {
    private TestGridsAccess() {
    }

    public static GridSpec threeModels(Path dir) {
        return TestGrids.threeModels(dir, null);
    }
}
