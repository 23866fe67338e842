package io.nanogrid.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a chosen file or folder of labelled data is read, from what it is; what is missing is said. */
class DataGuessTest {
    @TempDir
    Path dir;

    private Path touch(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "x");
    }

    @Test
    void tablesIdxNpyAndFolders() throws Exception {
        Path tsv = touch("a/topics.tsv");
        assertEquals(DataSource.table(tsv.toString()), DataGuess.of(tsv));
        assertEquals(DataSource.TABLE, DataGuess.of(touch("a/b.jsonl")).reader());
        assertEquals(DataSource.TABLE, DataGuess.of(touch("a/c.csv")).reader());

        Path images = touch("mnist/t10k-images-idx3-ubyte.gz");
        Path labels = touch("mnist/t10k-labels-idx1-ubyte");
        assertEquals(DataSource.idx(images.toString(), labels.toString(), null), DataGuess.of(images));

        Path x = touch("npy/x.npy");
        Path y = touch("npy/y.npy");
        assertEquals(DataSource.npy(x.toString(), y.toString()), DataGuess.of(x));
        Path inputs = touch("npy2/train-inputs.npy");
        Path trainLabels = touch("npy2/train-labels.npy");
        assertEquals(DataSource.npy(inputs.toString(), trainLabels.toString()), DataGuess.of(inputs));

        touch("pics/cat/1.png");
        touch("pics/dog/1.png");
        assertEquals(DataSource.imageFolders(dir.resolve("pics").toString()), DataGuess.of(dir.resolve("pics")));
        touch("langs/en.txt");
        assertEquals(DataSource.sentencesByLabel(dir.resolve("langs").toString()), DataGuess.of(dir.resolve("langs")));
    }

    @Test
    void whatIsMissingIsSaid() throws Exception {
        Path images = touch("lone/train-images-idx3-ubyte");
        String idx = assertThrows(BadInputException.class, () -> DataGuess.of(images)).getMessage();
        assertTrue(idx.contains("need their label file beside them (expected train-labels-idx1-ubyte)"), idx);
        Path x = touch("lone/features.npy");
        String npy = assertThrows(BadInputException.class, () -> DataGuess.of(x)).getMessage();
        assertTrue(npy.contains("need their labels beside them"), npy);
        Path doc = touch("lone/notes.docx");
        String other = assertThrows(BadInputException.class, () -> DataGuess.of(doc)).getMessage();
        assertTrue(other.startsWith("data " + doc + ": expected a table (.tsv, .csv or .jsonl"), other);
        Files.createDirectories(dir.resolve("empty"));
        assertThrows(BadInputException.class, () -> DataGuess.of(dir.resolve("empty")));
        assertThrows(BadInputException.class, () -> DataGuess.of(dir.resolve("absent.tsv")));
    }
}
