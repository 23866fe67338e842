package io.nanogrid.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed save names the file it was for and says why, never with the temporary file's name alone. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private static String refusal(Path target, AtomicFiles.IoConsumer<OutputStream> writer) {
        return assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, writer)).getMessage();
    }

    private List<Path> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertEquals("cannot write " + file.resolve("x.png") + ": " + file + " is a file, not a folder",
                refusal(file.resolve("x.png"), out -> out.write(1)));
        assertEquals("cannot write " + file.resolve("sub/x.png") + ": " + file + " is a file, not a folder",
                refusal(file.resolve("sub/x.png"), out -> out.write(1)));
    }

    @Test
    void aFolderIsNotReplaced() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out.png"));
        assertEquals("cannot write " + folder + ": it is a folder", refusal(folder, out -> out.write(1)));
        assertEquals(List.of(folder), files());
    }

    @Test
    void aFolderThatTakesNoNewFilesSaysSo() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "Linux's /proc");
        assertEquals("cannot write /proc/x.png: cannot create a file in /proc (the file system does not allow it)",
                refusal(proc.resolve("x.png"), out -> out.write(1)));
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("grid.json"), "old");
        assertEquals("cannot write " + file + ": disk on fire", refusal(file, out -> {
            out.write(1);
            throw new IOException("disk on fire");
        }));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), files());
    }

    @Test
    void checkWritableRefusesAsWriteWouldAndLeavesNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFiles.checkWritable(file.resolve("x.png")));
        assertEquals("cannot write " + file.resolve("x.png") + ": " + file + " is a file, not a folder",
                e.getMessage());
        AtomicFiles.checkWritable(dir.resolve("fine.png"));
        assertEquals(List.of(file), files(), "no file made, no temporary file left");
    }
}
