package io.nanogrid.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a jar of the application folder with its entries stored, not deflated. The installers compress
 * the whole folder again (xz in a .deb): deflated entries pass through that nearly unchanged, while stored
 * classes of all jars pack far better together; the JVM then reads classes without inflating them. The
 * app-image on disk grows by what deflate had saved.
 */
final class StoredJar {
    private StoredJar() {
    }

    static void rewrite(Path jar) {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".stored.tmp");
        try {
            try (ZipFile zip = new ZipFile(jar.toFile());
                    ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                out.setMethod(ZipOutputStream.STORED);
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    byte[] bytes;
                    try (InputStream in = zip.getInputStream(e)) {
                        bytes = in.readAllBytes();
                    }
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(bytes.length);
                    copy.setCompressedSize(bytes.length);
                    copy.setCrc(crc.getValue());
                    out.putNextEntry(copy);
                    out.write(bytes);
                    out.closeEntry();
                }
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the failure below is what matters
            }
            throw new UncheckedIOException("cannot store the entries of " + jar + ": " + e.getMessage(), e);
        }
    }
}
