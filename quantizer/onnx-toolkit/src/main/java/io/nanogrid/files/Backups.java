package io.nanogrid.files;

import java.nio.file.Files;
import java.nio.file.Path;

/** Backups of a file before it is replaced (router.onnx -> router.previous.onnx). */
public final class Backups {
    private Backups() {
    }

    /**
     * Copies {@code file} to the file beside it whose name ends in {@code suffix} instead of its extension
     * ("router.onnx", ".previous.onnx" -> "router.previous.onnx"); returns that path.
     */
    public static Path keep(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path backup = file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
        copy(file, backup);
        return backup;
    }

    /**
     * Copies {@code from} over {@code to} through {@link AtomicFiles}: a copy killed or failing midway leaves
     * the previous {@code to} whole (Files.copy deleted it first, then wrote in place).
     */
    public static void copy(Path from, Path to) {
        AtomicFiles.write(to, out -> Files.copy(from, out));
    }
}
