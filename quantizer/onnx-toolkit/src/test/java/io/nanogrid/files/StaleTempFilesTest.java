package io.nanogrid.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files a killed save left behind are removed by a later save of the same file (older than this
 * process, not locked), and a backup is as atomic as any other save. Real files; the process's start time
 * is the process's own, and the stale files are dated a day before it.
 */
class StaleTempFilesTest {
    @TempDir
    Path dir;

    private static Path aged(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS)));
        return file;
    }

    @Test
    void aSaveRemovesTheStaleTemporaryFilesOfItsTargetOnly() throws IOException {
        Path target = dir.resolve("model.onnx");
        Path stale = aged(Files.writeString(dir.resolve(".model.onnx.81237.tmp"), "half a model"));
        Path fresh = Files.writeString(dir.resolve(".model.onnx.99.tmp"), "a save running now (newer than us)");
        Path lockedStale = aged(Files.writeString(dir.resolve(".model.onnx.77.tmp"), "a save holding its lock"));
        Path other = aged(Files.writeString(dir.resolve(".other.onnx.5.tmp"), "another file's"));
        Path user = aged(Files.writeString(dir.resolve("model.onnx.tmp"), "the user's own file"));
        try (FileChannel c = FileChannel.open(lockedStale, StandardOpenOption.WRITE); FileLock lock = c.lock()) {
            AtomicFiles.writeString(target, "new");
        }
        assertEquals("new", Files.readString(target));
        assertFalse(Files.exists(stale), "left by a killed save: removed");
        assertTrue(Files.exists(fresh), "newer than this process: may be another's save in progress");
        assertTrue(Files.exists(lockedStale), "locked: a save in progress");
        assertTrue(Files.exists(other), "another target's: left to its own saves");
        assertTrue(Files.exists(user), "not our pattern");
    }

    @Test
    void aWriterMayCloseTheStreamItIsGiven() throws IOException {
        Path target = dir.resolve("notes.txt");
        AtomicFiles.write(target, out -> {
            try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                w.write("closed by its writer");
            }
        });
        assertEquals("closed by its writer", Files.readString(target));
    }

    @Test
    void aBackupThatFailsMidwayLeavesThePreviousBackupWhole() throws IOException {
        // /proc/self/mem is a regular file that fails on its first read: the copy dies after it began
        Path failing = Path.of("/proc/self/mem");
        assumeTrue(Files.isRegularFile(failing), "needs Linux /proc");
        Path backup = Files.writeString(dir.resolve("router.previous.onnx"), "the previous router");
        assertThrows(UncheckedIOException.class, () -> Backups.copy(failing, backup));
        assertEquals("the previous router", Files.readString(backup), "the backup is whole, not missing or cut");
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
        Path router = Files.writeString(dir.resolve("router.onnx"), "the current router");
        assertEquals(backup, Backups.keep(router, ".previous.onnx"));
        assertEquals("the current router", Files.readString(backup));
    }

    @Test
    void aKilledServersTempFolderIsRemovedButALiveOnesIsNot() throws IOException {
        Path killed = Files.createDirectories(dir.resolve("nanogrid-serve-111"));
        Files.writeString(killed.resolve("upload-1.onnx"), "half an upload");
        Files.writeString(killed.resolve(".lock"), "");
        aged(killed);
        Path live = Files.createDirectories(dir.resolve("nanogrid-serve-222"));
        try (FileChannel held = StaleTemps.holdFolder(live, ".lock")) {
            aged(live);
            assertEquals(1, StaleTemps.removeFolders(dir, "nanogrid-serve-*", ".lock"));
            assertTrue(Files.exists(live.resolve(".lock")), "its server holds the lock");
        }
        assertFalse(Files.exists(killed), "its server was killed: nothing holds the lock");
    }
}
