package io.nanogrid.app.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertData;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridDocumentTest {
    @TempDir
    Path dir;

    @Test
    void undoAndRedoRestoreEachStepExactly() {
        GridDocument doc = GridDocument.open(Workbenches.threeModelGrid(dir));
        GridSpec original = doc.spec();
        assertFalse(doc.isDirty());
        doc.apply("Threshold", s -> s.withRouter(s.router().withThreshold(0.9)));
        doc.apply("Rename", s -> new GridSpec(1, "renamed", null, s.router(), s.experts(), s.resilience(), s.layout()));
        assertTrue(doc.isDirty());
        assertEquals("Undo Rename", doc.undoTextProperty().get());
        doc.undo();
        assertEquals(0.9, doc.spec().router().threshold());
        doc.undo();
        assertEquals(original, doc.spec());
        assertFalse(doc.isDirty(), "back to the saved state");
        assertFalse(doc.canUndoProperty().get());
        doc.redo();
        doc.redo();
        assertEquals("renamed", doc.spec().name());
        doc.apply("Nothing", s -> s);
        assertEquals("Undo Rename", doc.undoTextProperty().get(), "an edit that changes nothing is not recorded");
    }

    @Test
    void saveAndReopenGiveTheSameGridAndModelPathsFollowTheFile() throws Exception {
        GridDocument doc = GridDocument.open(Workbenches.threeModelGrid(dir));
        doc.apply("Threshold", s -> s.withRouter(s.router().withThreshold(0.77)));
        Path other = Files.createDirectories(dir.resolve("elsewhere")).resolve("copy.json");
        doc.saveAs(other);
        assertFalse(doc.isDirty());
        assertEquals("../router.onnx", doc.spec().router().model());
        GridDocument back = GridDocument.open(other);
        assertEquals(doc.spec(), back.spec());
        assertEquals(dir.resolve("router.onnx").normalize(), back.baseDir().resolve(back.spec().router().model())
                .normalize());
    }

    @Test
    void aNewGridIsNamedAfterItsFileWhenFirstSaved() throws Exception {
        GridDocument doc = GridDocument.empty();
        assertEquals("untitled", doc.spec().name());
        doc.saveAs(Files.createDirectories(dir.resolve("assistant")).resolve("grid.json"));
        assertEquals("assistant", doc.spec().name(), "a grid.json takes its folder's name");
        assertFalse(doc.isDirty());
        GridDocument other = GridDocument.empty();
        other.saveAs(dir.resolve("spam-filter.json"));
        assertEquals("spam-filter", GridDocument.open(dir.resolve("spam-filter.json")).spec().name());
        // a grid the user named keeps its name wherever it is saved
        doc.saveAs(dir.resolve("copy.json"));
        assertEquals("assistant", doc.spec().name());
    }

    @Test
    void theExpertsLabelledDataFollowsTheFileToo() throws Exception {
        GridDocument doc = GridDocument.open(Workbenches.threeModelGrid(dir));
        doc.apply("Data", s -> s.withExperts(s.experts().stream().map(e -> e.withData(new ExpertData(
                DataSource.table("data/" + e.id() + ".tsv"), DataSource.npy("data/x.npy", "data/y.npy"), null)))
                .toList()));
        Path other = Files.createDirectories(dir.resolve("a").resolve("b")).resolve("copy.json");
        doc.saveAs(other);
        ExpertData moved = doc.spec().experts().get(0).data();
        assertEquals("../../data/" + doc.spec().experts().get(0).id() + ".tsv", moved.train().path());
        assertEquals("../../data/x.npy", moved.test().path());
        assertEquals("../../data/y.npy", moved.test().labels());
        assertEquals(doc.spec(), GridDocument.open(other).spec());
    }

    @Test
    void theEncoderAndItsTokenizerFollowTheFileToo() throws Exception {
        GridDocument doc = GridDocument.open(Workbenches.threeModelGrid(dir));
        doc.apply("Encoder", s -> s.withEncoder(new EncoderSpec("enc/encoder.onnx", TokenizerSpec.of(
                "enc/tokenizer.json"), null)));
        Path other = Files.createDirectories(dir.resolve("elsewhere")).resolve("copy.json");
        doc.saveAs(other);
        assertEquals("../enc/encoder.onnx", doc.spec().encoder().model());
        assertEquals("../enc/tokenizer.json", doc.spec().encoder().input().tokenizer());
        assertEquals(doc.spec().encoder(), GridFiles.read(other).encoder());
    }

    @Test
    void anInvalidGridIsNotSavedAndTheFileIsLeftAlone() throws Exception {
        Path grid = Workbenches.threeModelGrid(dir);
        String before = Files.readString(grid);
        GridDocument doc = GridDocument.open(grid);
        doc.apply("Break", s -> s.withRouter(s.router().withThreshold(3)));
        BadInputException e = assertThrows(BadInputException.class, doc::save);
        assertTrue(e.getMessage().contains("router.threshold"), e.getMessage());
        assertEquals(before, Files.readString(grid));
        assertTrue(doc.isDirty());
    }

    @Test
    void recoveryKeepsUnsavedChangesUntilASave() throws Exception {
        Path grid = Workbenches.threeModelGrid(dir);
        Recovery recovery = new Recovery(dir.resolve("recovery"));
        GridDocument doc = GridDocument.open(grid);
        recovery.autosave(doc);
        assertTrue(recovery.pending().isEmpty(), "nothing unsaved, nothing written");
        doc.apply("Threshold", s -> s.withRouter(s.router().withThreshold(0.33)));
        recovery.autosave(doc);
        var found = recovery.pending();
        assertEquals(1, found.size());
        GridDocument restored = Recovery.restore(found.get(0));
        assertEquals(0.33, restored.spec().router().threshold());
        assertTrue(restored.isDirty(), "restored changes are unsaved");
        assertEquals(GridFiles.read(grid), GridDocument.open(grid).spec(), "the grid file itself is untouched");
        recovery.clear(grid);
        assertTrue(recovery.pending().isEmpty());
    }
}
