package io.nanogrid.app.routerlab;

import io.nanogrid.engine.grid.RouterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small helpers for a router about to be applied: its routes replaced, a free file name beside the grid. */
final class RouterSpecs {
    private RouterSpecs() {
    }

    static RouterSpec withRoutes(RouterSpec r, List<String> routes) {
        return new RouterSpec(r.model(), r.input(), routes, r.scores(), r.modelOutput(), r.threshold(), r.fallback());
    }

    static Path freeName(Path dir, String base) {
        for (int i = 1;; i++) {
            Path p = dir.resolve(base + "-" + i + ".onnx");
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
