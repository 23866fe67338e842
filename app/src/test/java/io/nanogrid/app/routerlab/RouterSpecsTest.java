package io.nanogrid.app.routerlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new router is written beside the grid, or beside the router it replaces when the grid is untitled. */
class RouterSpecsTest {
    @TempDir
    Path dir;

    @Test
    void besideTheGridOrBesideTheCurrentRouterNeverTheWorkingFolder() {
        Path grid = Workbenches.threeModelGrid(dir);
        assertEquals(dir, RouterSpecs.folderFor(GridDocument.open(grid)));
        // an untitled grid (File > New, models imported from elsewhere): its paths are absolute
        GridSpec s = GridFiles.read(grid);
        GridSpec untitled = s.withRouter(s.router().withModel(dir.resolve("router.onnx").toString()));
        GridDocument doc = new GridDocument(untitled, null);
        assertEquals(dir, RouterSpecs.folderFor(doc), "not " + doc.baseDir());
        assertEquals(dir.resolve("router-1.onnx"), RouterSpecs.freeName(RouterSpecs.folderFor(doc), "router"));
    }
}
