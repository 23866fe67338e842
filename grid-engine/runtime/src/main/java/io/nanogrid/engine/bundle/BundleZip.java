package io.nanogrid.engine.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a bundle's zip the same way every time: entries in the order given, every timestamp the
 * same local date-time (stored as a plain DOS time: no extended-timestamp extra field, no time
 * zone), no extra fields, no comments, DEFLATE at level 9. Byte-identical output for the same
 * entries with the same JDK (the DEFLATE bytes come from the JDK's zlib).
 */
final class BundleZip {
    /** The timestamp of every entry. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2026, 1, 1, 0, 0);

    private BundleZip() {
    }

    static void write(OutputStream out, Map<String, byte[]> entries) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setMethod(ZipOutputStream.DEFLATED);
        zip.setLevel(Deflater.BEST_COMPRESSION);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            ZipEntry entry = new ZipEntry(e.getKey());
            entry.setTimeLocal(ENTRY_TIME);
            zip.putNextEntry(entry);
            zip.write(e.getValue());
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }
}
