package io.nanogrid.files;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Saves files atomically: the bytes go to a temporary file in the same folder, are forced to disk,
 * and the temporary file is renamed over the target. A crash mid-save leaves the old file intact.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes the content produced by {@code writer} to {@code target} atomically. A failure names
     * {@code target} and says why ("cannot write /proc/x.png: cannot create a file in /proc (...)"),
     * never with the temporary file's name alone.
     */
    public static void write(Path target, IoConsumer<OutputStream> writer) {
        Path absolute = notAFolder(target);
        Path dir = absolute.getParent();
        Path tmp = newTemporary(target, absolute);
        String step = null;
        try {
            // locked while written, so that no other run takes it for a killed save's leftover (StaleTemps)
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    FileLock lock = StaleTemps.lock(channel)) {
                // a writer may close the stream it is given (a Writer wrapped around it does): the channel,
                // which holds the lock and is forced to disk below, stays open until then
                writer.accept(new KeepOpen(Channels.newOutputStream(channel)));
                channel.force(true);
            }
            matchPermissions(tmp, absolute);
            step = "cannot put the new file in place";
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e, dir, step), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is all that is left behind; the target is untouched
                }
            }
        }
    }

    /**
     * The glob of the temporary files made for {@code name} (".NAME.*SUFFIX", as Files.createTempFile names
     * them), with the glob's special characters in the name escaped.
     */
    public static String temporaryGlob(String name, String suffix) {
        return "." + name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1") + ".*" + suffix;
    }

    /**
     * Fails as {@link #write} would, but before any work is done: the folder can be made and a file made
     * in it (for a command that computes for a while before it saves).
     */
    public static void checkWritable(Path target) {
        Path tmp = newTemporary(target, notAFolder(target));
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // an empty hidden file left in a folder that can be written: harmless
        }
    }

    private static Path notAFolder(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new UncheckedIOException("cannot write " + target + ": it is a folder",
                    new FileAlreadyExistsException(absolute.toString()));
        }
        return absolute;
    }

    /**
     * An empty owner-only file beside the target, its folder made first; the temporary files of the same
     * target that a killed save left there (older than this process, unlocked) are removed first.
     */
    private static Path newTemporary(Path target, Path absolute) {
        Path dir = absolute.getParent();
        String step = "cannot create the folder " + dir;
        try {
            Files.createDirectories(dir);
            step = "cannot create a file in " + dir;
            StaleTemps.remove(dir, temporaryGlob(absolute.getFileName().toString(), ".tmp"));
            return Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e, dir, step), e);
        }
    }

    /**
     * Why a save into {@code dir} failed, after "cannot write X: ": a file where a folder should be, or
     * the step that failed ({@code null} while writing the bytes) and why.
     */
    private static String reason(IOException e, Path dir, String step) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            return existing + " is a file, not a folder";
        }
        // /proc, for one, answers "no such file" when asked for a new file in a folder that is there
        String why = e instanceof NoSuchFileException && Files.isDirectory(dir) ? "the file system does not allow it"
                : IoReasons.of(e);
        return step == null ? why : step + " (" + why + ")";
    }

    /**
     * A temporary file is created owner-only (0600); call this before renaming it over {@code target}
     * so that the saved file gets the permissions of the file it replaces, or, for a new one, those
     * any new file gets in its folder (the user's umask applied: rw-r--r-- with the usual 022, and
     * still owner-only with 077). Java cannot read the umask, so an empty file made beside shows it.
     */
    public static void matchPermissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms;
        if (Files.exists(target)) {
            perms = Files.getPosixFilePermissions(target);
        } else {
            Path probe = tmp.resolveSibling(tmp.getFileName() + ".mode");
            Files.deleteIfExists(probe);
            try {
                perms = Files.getPosixFilePermissions(Files.createFile(probe));
            } finally {
                Files.deleteIfExists(probe);
            }
        }
        Files.setPosixFilePermissions(tmp, perms);
    }

    /** Whether two paths name the same file (through links too); for paths not there yet, the same absolute path. */
    public static boolean isSameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to comparing the paths
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The stream a writer gets: its close flushes and leaves the channel under it open. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** A consumer that may throw IOException. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T value) throws IOException;
    }
}
