package io.nanogrid.engine.serve;

import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.bundle.BundleReader;
import io.nanogrid.engine.bundle.ExtractedBundle;
import io.nanogrid.engine.bundle.Hashes;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a bundle into a {@link Generation}: verifies it with {@link BundleReader} into a fresh folder
 * under the work folder (nothing is left behind when it is refused), then opens the grid on it.
 */
final class Deployer {
    private final ModelLoader loader;
    private final BundleLimits limits;
    private final Path workDir;
    private final AtomicInteger generations = new AtomicInteger();
    private final AtomicInteger folders = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();

    Deployer(ModelLoader loader, BundleLimits limits, Path workDir) {
        this.loader = loader;
        this.limits = limits;
        this.workDir = workDir;
    }

    ModelLoader loader() {
        return loader;
    }

    /** As {@link #deploy(Path, String)} for a bundle whose SHA-256 is not known yet (the one served at start). */
    Generation deploy(Path bundle) {
        try {
            return deploy(bundle, Hashes.sha256(bundle));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + bundle + ": " + IoReasons.of(e), e);
        }
    }

    /** Verifies, unpacks and opens a bundle as the next generation; a refusal is a BadInputException. */
    Generation deploy(Path bundle, String sha256) {
        Path dir;
        do {
            // a folder left by a server that was killed (--work-dir reused) is not reused
            dir = workDir.resolve("grid-" + folders.incrementAndGet());
        } while (Files.exists(dir));
        ExtractedBundle x = new BundleReader(loader, limits).extract(bundle, dir);
        Grid grid = null;
        try {
            grid = Grid.open(x.gridFile(), loader);
            if (!grid.warnings().isEmpty()) {
                throw new BadInputException(bundle + ": " + grid.warnings().get(0));
            }
            Files.createDirectories(dir.resolve("uploads"));
            // numbered by successful deployments (updates run one at a time)
            return new Generation(generations.incrementAndGet(), grid, dir, x.manifest(), sha256);
        } catch (IOException e) {
            grid.close();
            Generation.deleteTree(dir);
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (grid != null) {
                grid.close();
            }
            Generation.deleteTree(dir);
            throw e;
        }
    }

    /** A fresh path in the work folder for an upload in progress. */
    Path uploadFile(String suffix) {
        return workDir.resolve("upload-" + uploads.incrementAndGet() + suffix);
    }
}
