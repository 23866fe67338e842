package io.nanogrid.app.document;

import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Autosave: unsaved changes are written to a recovery file (one per grid) every so often; a clean
 * save or close deletes it. After a crash the workbench finds the file and offers to restore it.
 */
public final class Recovery {
    /** A recovery file found at start-up: the grid, the file it belongs to, and when it was written. */
    public record Found(Path recoveryFile, Path original, GridSpec spec, Instant written) {
    }

    /** What a recovery file holds: the grid's file (or null) and its unsaved spec. */
    private record Entry(String original, GridSpec spec) {
    }

    private final Path dir;

    public Recovery(Path dir) {
        this.dir = dir;
    }

    /** Writes the document's current state if it has unsaved changes (without validating it). */
    public void autosave(GridDocument doc) {
        if (!doc.isDirty()) {
            return;
        }
        Entry e = new Entry(doc.file() != null ? doc.file().toString() : null, doc.spec());
        AtomicFiles.writeString(fileFor(doc.file()), Json.gson().toJson(e));
    }

    /** Forgets the recovery file of this grid (after a save, or a clean close). */
    public void clear(Path original) {
        try {
            Files.deleteIfExists(fileFor(original));
        } catch (IOException e) {
            // a stale recovery file is offered once more at the next start; nothing is lost
        }
    }

    /** Recovery files left by a session that did not close cleanly. */
    public List<Found> pending() {
        List<Found> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    Entry e = Json.gson().fromJson(Files.readString(f, StandardCharsets.UTF_8), Entry.class);
                    if (e != null && e.spec() != null) {
                        out.add(new Found(f, e.original() != null ? Path.of(e.original()) : null, e.spec(),
                                Files.getLastModifiedTime(f).toInstant()));
                    }
                } catch (IOException | RuntimeException unreadable) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Reopens a recovered grid as a document with unsaved changes (the original file is untouched). */
    public static GridDocument restore(Found f) {
        GridDocument doc;
        if (f.original() != null && Files.isRegularFile(f.original())) {
            doc = GridDocument.open(f.original());
        } else {
            doc = new GridDocument(f.spec(), f.original());
        }
        doc.apply("Restore unsaved changes", s -> f.spec());
        return doc;
    }

    /**
     * When a recovery file was written, as people say it, in their time zone: "today at 09:12", "yesterday at
     * 18:40", "on 5 Dec 2026 at 18:40" (not an ISO instant).
     */
    public static String when(Instant written, Instant now, ZoneId zone) {
        ZonedDateTime w = written.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        String time = w.format(DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT));
        if (w.toLocalDate().equals(today)) {
            return "today at " + time;
        }
        if (w.toLocalDate().equals(today.minusDays(1))) {
            return "yesterday at " + time;
        }
        return "on " + w.format(DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)) + " at " + time;
    }

    Path fileFor(Path original) {
        String key = original != null ? original.toAbsolutePath().normalize().toString() : "untitled";
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 8) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
