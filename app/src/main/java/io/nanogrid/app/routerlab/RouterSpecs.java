package io.nanogrid.app.routerlab;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.engine.grid.RouterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small helpers for a router about to be applied: its routes replaced, its folder, a free file name there. */
final class RouterSpecs {
    private RouterSpecs() {
    }

    static RouterSpec withRoutes(RouterSpec r, List<String> routes) {
        return new RouterSpec(r.model(), r.input(), routes, r.scores(), r.modelOutput(), r.threshold(), r.fallback());
    }

    /**
     * Where a new router model goes: beside the grid file, or, for a grid not saved yet, beside the router model
     * it replaces or, for its first router, beside its first expert (not into the working folder the workbench
     * happened to start in).
     */
    static Path folderFor(GridDocument doc) {
        if (doc.file() == null && doc.spec().router() == null && !doc.spec().experts().isEmpty()) {
            // a new grid's first router: beside its first expert's model
            Path expert = doc.baseDir().resolve(doc.spec().experts().get(0).model()).toAbsolutePath().normalize();
            return expert.getParent() != null ? expert.getParent() : doc.baseDir();
        }
        if (doc.file() != null || doc.spec().router() == null || doc.spec().router().model() == null) {
            return doc.baseDir();
        }
        Path current = doc.baseDir().resolve(doc.spec().router().model()).toAbsolutePath().normalize();
        return current.getParent() != null ? current.getParent() : doc.baseDir();
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
