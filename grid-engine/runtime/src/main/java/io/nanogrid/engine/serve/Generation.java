package io.nanogrid.engine.serve;

import io.nanogrid.engine.bundle.BundleManifest;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.runtime.ExpertStatus;
import io.nanogrid.engine.runtime.Grid;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One deployed bundle: its unpacked folder and the grid opened on it, counted by leases. The server
 * holds one lease while the generation is current, and every request holds one while it routes; the
 * grid is closed and its folder deleted when the last lease is returned, so a request never sees a
 * closed grid.
 */
final class Generation {
    private final int number;
    private final Grid grid;
    private final Path dir;
    private final BundleManifest manifest;
    private final AtomicInteger leases = new AtomicInteger(1);
    private final AtomicInteger uploads = new AtomicInteger();
    private final String bundleSha256;
    private final Map<String, String> modelSha256 = new ConcurrentHashMap<>();

    /** The grid and the folder now belong to this generation (closed and deleted with it). */
    Generation(int number, Grid grid, Path dir, BundleManifest manifest, String bundleSha256) {
        this.number = number;
        this.grid = grid;
        this.dir = dir;
        this.manifest = manifest;
        this.bundleSha256 = bundleSha256;
        for (ExpertSpec e : manifest.grid().experts()) {
            manifest.files().stream().filter(f -> f.path().equals(e.model())).findFirst()
                    .ifPresent(f -> modelSha256.put(e.id(), f.sha256()));
        }
    }

    /** The SHA-256 of the .ngrid this generation was deployed from. */
    String bundleSha256() {
        return bundleSha256;
    }

    /** The SHA-256 of the model each expert runs now (the manifest's, or an upload's), in the grid's order. */
    Map<String, String> modelSha256() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ExpertSpec e : grid.spec().experts()) {
            String sha = modelSha256.get(e.id());
            if (sha != null) {
                out.put(e.id(), sha);
            }
        }
        return out;
    }

    /** An expert now runs an uploaded model with this SHA-256. */
    void modelReplaced(String expert, String sha256) {
        modelSha256.put(expert, sha256);
    }

    int number() {
        return number;
    }

    Grid grid() {
        return grid;
    }

    BundleManifest manifest() {
        return manifest;
    }

    /** Grid.status() with model paths relative to the bundle ("models/spam.onnx", "uploads/spam-1.onnx"). */
    List<ExpertStatus> status() {
        String prefix = dir.toAbsolutePath() + File.separator;
        return grid.status().stream().map(e -> e.model() != null && e.model().startsWith(prefix)
                ? new ExpertStatus(e.id(), e.model().substring(prefix.length()).replace('\\', '/'), e.state(),
                        e.calls(), e.failures(), e.refused(), e.lastError())
                : e).toList();
    }

    /** The model file an expert runs now, as Grid.status() names it (an absolute path), or null. */
    String modelOf(String expert) {
        return grid.status().stream().filter(e -> e.id().equals(expert)).map(ExpertStatus::model).findFirst()
                .orElse(null);
    }

    /**
     * Deletes a model file that an expert ran before it was replaced, when it lies in this generation's
     * folder and no expert runs it now: without this every expert swap left its old model behind in the
     * work folder. The old session keeps its copy in memory (ONNX Runtime reads the file once, at load).
     */
    void deleteUnused(String model) {
        if (model == null) {
            return;
        }
        Path file = Path.of(model).toAbsolutePath().normalize();
        boolean inUse = grid.status().stream().anyMatch(e -> model.equals(e.model()));
        if (!inUse && file.startsWith(dir.toAbsolutePath().normalize()) && Files.isRegularFile(file)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // deleted with the generation's folder at the latest
            }
        }
    }

    /** A fresh path inside this generation's folder for an uploaded expert model. */
    Path uploadPath(String expert) {
        return dir.resolve("uploads").resolve(expert + "-" + uploads.incrementAndGet() + ".onnx");
    }

    /** Takes a lease unless the generation is already retired (then the caller reads the current one again). */
    boolean retain() {
        for (;;) {
            int n = leases.get();
            if (n == 0) {
                return false;
            }
            if (leases.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Returns a lease; the last one closes the grid and deletes the folder. */
    void release() {
        int n = leases.decrementAndGet();
        if (n == 0) {
            grid.close();
            deleteTree(dir);
        } else if (n < 0) {
            throw new IllegalStateException("generation " + number + " released more often than retained");
        }
    }

    /** Leases held (the server's own while current, plus requests in flight). */
    int leases() {
        return leases.get();
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
