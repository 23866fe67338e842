package io.nanogrid.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Moves native libraries out of jars: the entries chosen are extracted (flat) into a folder and the jar
 * is copied without them. ONNX Runtime and JavaFX then load their libraries from that folder, instead
 * of extracting them to a temporary or cache folder at start (ONNX Runtime: 28 MB at every start).
 */
final class JarNatives {
    private JarNatives() {
    }

    /**
     * Copies {@code jar} to {@code out} without the entries {@code move} or {@code drop} selects; those
     * {@code move} selects are written (by their file name) into {@code folder}. Returns the files written.
     */
    static List<Path> split(Path jar, Path out, Predicate<String> move, Predicate<String> drop, Path folder) {
        List<Path> written = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile());
                OutputStream os = Files.newOutputStream(out);
                ZipOutputStream z = new ZipOutputStream(os)) {
            Files.createDirectories(folder);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                boolean moved = !e.isDirectory() && move.test(e.getName());
                if (!moved && drop.test(e.getName())) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    if (moved) {
                        Path file = folder.resolve(Path.of(e.getName()).getFileName().toString());
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                        if (!file.toFile().setExecutable(true, false)) {
                            // not a POSIX file system (Windows): libraries need no execute bit there
                        }
                        written.add(file);
                    } else {
                        ZipEntry copy = new ZipEntry(e.getName());
                        copy.setTime(e.getTime());
                        z.putNextEntry(copy);
                        in.transferTo(z);
                        z.closeEntry();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot split the native libraries out of " + jar + ": " + e.getMessage(), e);
        }
        return written;
    }
}
