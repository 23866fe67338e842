package io.nanogrid.engine.serve;

import io.nanogrid.engine.bundle.BundleModel;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.runtime.ExpertStatus;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hot updates, one at a time: a new bundle becomes a new generation swapped in atomically; a new
 * expert model replaces one expert of the current generation (Grid.replaceExpert, which loads and
 * checks it before the swap). A refused update leaves what is served untouched.
 */
final class Updates {
    /** Another update is running. */
    static final class BusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("another update is in progress; try again when it is done");
        }
    }

    /** The expert named does not exist in the grid served. */
    static final class UnknownExpertException extends BadInputException {
        private static final long serialVersionUID = 1L;

        UnknownExpertException(String message) {
            super(message);
        }
    }

    private final Deployer deployer;
    private final LiveGrid live;
    private final ReentrantLock lock = new ReentrantLock();

    Updates(Deployer deployer, LiveGrid live) {
        this.deployer = deployer;
        this.live = live;
    }

    /** Deploys {@code bundle} (an uploaded file with that SHA-256, deleted by the caller) and swaps it in. */
    BundleUpdate bundle(Path bundle, String sha256) {
        if (!lock.tryLock()) {
            throw new BusyException();
        }
        try {
            long t0 = System.nanoTime();
            Generation next = deployer.deploy(bundle, sha256);
            live.swap(next);
            return summary(next, size(bundle), t0);
        } finally {
            lock.unlock();
        }
    }

    /** Replaces one expert's model with {@code model} (an uploaded file, moved into the generation's folder). */
    ExpertUpdate expert(String id, Path model, String sha256) {
        if (!lock.tryLock()) {
            throw new BusyException();
        }
        try (LiveGrid.Lease lease = live.acquire()) {
            long t0 = System.nanoTime();
            Generation g = lease.generation();
            if (g.grid().spec().experts().stream().map(ExpertSpec::id).noneMatch(id::equals)) {
                throw new UnknownExpertException("no expert '" + id + "' in grid '" + g.grid().spec().name()
                        + "'; expected one of " + g.grid().spec().experts().stream().map(ExpertSpec::id).toList());
            }
            long bytes = size(model);
            Path kept = g.uploadPath(id);
            move(model, kept);
            String replaced = g.modelOf(id);
            try {
                ExpertProbe.check(g.grid().spec(), id, kept, deployer.loader());
                g.grid().replaceExpert(id, kept);
            } catch (RuntimeException e) {
                deleteQuietly(kept);
                throw e;
            }
            g.modelReplaced(id, sha256);
            g.deleteUnused(replaced);
            String state = g.grid().status().stream().filter(s -> s.id().equals(id)).map(ExpertStatus::state)
                    .findFirst().orElse("unknown");
            return new ExpertUpdate(g.number(), id, bytes, sha256, state, (System.nanoTime() - t0) / 1e9);
        } finally {
            lock.unlock();
        }
    }

    static BundleUpdate summary(Generation g, long archiveBytes, long t0) {
        var m = g.manifest();
        return new BundleUpdate(g.number(), m.grid().name(), m.createdBy(), g.bundleSha256(),
                m.grid().experts().stream().map(ExpertSpec::id).toList(),
                m.models().stream().map(BundleModel::path).toList(), archiveBytes, m.target(),
                Math.round((System.nanoTime() - t0) / 1e6) / 1e3);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the uploaded model at " + to + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the generation's folder is deleted with it
        }
    }
}
