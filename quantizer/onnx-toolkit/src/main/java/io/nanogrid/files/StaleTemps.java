package io.nanogrid.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes temporary files that a killed process left behind: files of one pattern that are older than
 * this process (so no save that began after we started) and that no process holds a lock on (a save in
 * progress locks its temporary file: {@link #lock}). Anything in doubt is left alone.
 */
public final class StaleTemps {
    private static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);

    private StaleTemps() {
    }

    /** Removes the stale regular files in {@code dir} whose names match {@code glob}; returns how many. */
    public static int remove(Path dir, String glob) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                if (isStale(f) && removeUnlocked(f)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder that cannot be listed has nothing we can clean; the save itself reports its own problem
        }
        return removed;
    }

    /**
     * Removes the folders in {@code parent} whose names match {@code glob} that a killed process left: made
     * before this process started, and whose file {@code lockName} is absent or not locked (a live owner
     * holds it locked: {@link #holdFolder}). Returns how many.
     */
    public static int removeFolders(Path parent, String glob, String lockName) {
        int removed = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, glob)) {
            for (Path dir : folders) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && Files.getLastModifiedTime(dir,
                        LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(STARTED) && !locked(dir.resolve(lockName))) {
                    deleteTree(dir);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // left for a later run; nothing depends on it
        }
        return removed;
    }

    /**
     * Locks {@code dir/lockName} for as long as the returned channel is open (the process's life), so that
     * {@link #removeFolders} in another process leaves the folder alone.
     */
    public static FileChannel holdFolder(Path dir, String lockName) throws IOException {
        FileChannel c = FileChannel.open(dir.resolve(lockName), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (lock(c) == null) {
            c.close();
            throw new IOException(dir + " is in use by another process");
        }
        return c;
    }

    private static boolean locked(Path lockFile) {
        if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel c = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = c.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true; // in doubt: leave it
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Whether a file was last written before this process started. */
    static boolean isStale(Path file) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(STARTED);
    }

    /** Locks a temporary file for as long as the channel is open, so that no later run takes it for stale. */
    public static FileLock lock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static boolean removeUnlocked(Path file) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = c.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // locked by this process: a save in progress
            }
            if (lock == null) {
                return false; // locked by another process
            }
            try {
                Files.delete(file);
                return true;
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            return false;
        }
    }
}
