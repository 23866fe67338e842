package io.nanogrid.engine.bundle;

import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import io.nanogrid.onnx.OnnxModels;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Verifies and imports bundles. Both unpack into a fresh temporary folder and check everything
 * there: the zip's entries and limits, the manifest's schema, version, checksums and sizes, grid.json
 * against the manifest, every model parsed and loaded, and the grid opened with no warnings.
 * {@link #extract} then renames the folder into place; on any failure the folder is deleted and the
 * target is untouched.
 */
public final class BundleReader {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ModelLoader loader;
    private final BundleLimits limits;

    public BundleReader(ModelLoader loader, BundleLimits limits) {
        this.loader = loader;
        this.limits = limits;
    }

    /** {@link #verify(Path, Progress)} without progress. */
    public BundleReport verify(Path bundle) {
        return verify(bundle, Progress.NONE);
    }

    /** {@link #extract(Path, Path, Progress)} without progress. */
    public ExtractedBundle extract(Path bundle, Path target) {
        return extract(bundle, target, Progress.NONE);
    }

    /** Checks everything; writes only a temporary folder (in the system's temp folder), deleted before returning. */
    public BundleReport verify(Path bundle, Progress progress) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("nanogrid-verify-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + IoReasons.of(e), e);
        }
        try {
            BundleReport report = check(bundle, tmp, progress).report();
            deleteTree(tmp);
            return report;
        } catch (BadInputException e) {
            cleanUp(tmp, e);
            throw oneLine(e);
        } catch (RuntimeException | Error e) {
            cleanUp(tmp, e);
            throw e;
        }
    }

    /**
     * Verifies, then places the bundle's files in {@code target} (which must not exist, or be an empty
     * folder, inside an existing folder). Nothing is left behind on failure.
     */
    public ExtractedBundle extract(Path bundle, Path target, Progress progress) {
        Path dest = target.toAbsolutePath().normalize();
        Path parent = dest.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException("cannot import into " + target + ": the folder " + parent
                    + " does not exist");
        }
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !isEmptyFolder(dest)) {
            throw new BadInputException("cannot import into " + target + ": it exists and is not an empty folder; "
                    + "nothing was written");
        }
        Path tmp = freshFolder(parent, "." + dest.getFileName() + ".importing-");
        try {
            Checked checked = check(bundle, tmp, progress);
            place(tmp, dest, target);
            return new ExtractedBundle(dest, dest.resolve(BundleFormat.GRID), checked.manifest(), checked.report());
        } catch (BadInputException e) {
            cleanUp(tmp, e);
            throw oneLine(e);
        } catch (RuntimeException | Error e) {
            cleanUp(tmp, e);
            throw e;
        }
    }

    /**
     * A new folder with the usual permissions (Files.createTempDirectory would make it private to the
     * user, and the imported folder would keep that).
     */
    private static Path freshFolder(Path parent, String prefix) {
        for (int attempt = 0; ; attempt++) {
            Path dir = parent.resolve(prefix + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw new UncheckedIOException("cannot create a folder in " + parent, e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder in " + parent + ": " + IoReasons.of(e), e);
            }
        }
    }

    /**
     * The refusal as one line: values quoted from a damaged bundle may hold line breaks or control
     * characters, and a message must not run on for pages.
     */
    static BadInputException oneLine(BadInputException e) {
        String m = String.valueOf(e.getMessage());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < m.length() && b.length() < 500; i++) {
            char c = m.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        String line = b.length() >= 500 && m.length() > 500 ? b + "..." : b.toString();
        return line.equals(m) ? e : new BadInputException(line, e);
    }

    /** A bundle that passed every check, unpacked. */
    private record Checked(BundleManifest manifest, BundleReport report) {
    }

    private static void place(Path tmp, Path dest, Path target) {
        try {
            if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(dest); // the empty folder checked before
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot place the bundle in " + target + ": " + IoReasons.of(e), e);
        }
    }

    /** Deletes the temporary folder after a failure; a failure to delete is added to the first one. */
    private static void cleanUp(Path tmp, Throwable first) {
        try {
            deleteTree(tmp);
        } catch (RuntimeException e) {
            first.addSuppressed(e);
        }
    }

    private Checked check(Path bundle, Path dir, Progress progress) {
        long t0 = System.nanoTime();
        String src = bundle.toString();
        Unpacked u = new BundleUnpacker(limits).unpack(bundle, dir, progress);
        BundleManifest m = u.manifest();
        GridSpec grid = grid(read(dir.resolve(BundleFormat.GRID), src), src + ": " + BundleFormat.GRID);
        if (!grid.equals(m.grid())) {
            throw new BadInputException(src + ": " + BundleFormat.GRID + " differs from the grid in "
                    + BundleFormat.MANIFEST);
        }
        for (BundleModel model : m.models()) {
            progress.checkCancelled();
            progress.update(0, -1, "loading " + model.path());
            byte[] bytes = readBytes(dir.resolve(model.path()), src + ": " + model.path());
            try {
                OnnxModels.parse(bytes, model.path());
            } catch (BadInputException e) {
                throw new BadInputException(src + ": " + e.getMessage(), e);
            }
        }
        // every model is used by the grid (ManifestValidator), so opening the grid loads each one in the runtime
        try (Grid g = Grid.open(grid, dir, loader)) {
            if (!g.warnings().isEmpty()) {
                throw new BadInputException(src + ": " + g.warnings().get(0).replace(dir + File.separator, "")
                        .replace(dir.toString(), ""));
            }
            // a model that loads can still refuse every request: each expert answers one shaped from its inputs
            List<String> failures = g.probeExperts(1);
            if (!failures.isEmpty()) {
                throw new BadInputException(src + ": " + failures.get(0).replace(dir + File.separator, "")
                        .replace(dir.toString(), ""));
            }
        } catch (BadInputException e) {
            if (e.getMessage().startsWith(src + ": ")) {
                throw e;
            }
            throw new BadInputException(src + ": " + e.getMessage().replace(dir + File.separator, ""), e);
        } catch (RuntimeException e) {
            // what the engine does not yet turn into BadInputException itself, e.g. a model whose metadata
            // holds an adapter spec with a null in a list (Gson fails in the record's constructor)
            throw new BadInputException(src + ": cannot open the grid: " + ModelPacker.describe(e), e);
        }
        return new Checked(m, new BundleReport(src, m.formatVersion(), m.createdBy(), grid.name(), u.entries(),
                u.bytes(), u.archiveBytes(), m.models().stream().map(BundleModel::path).toList(), m.target(),
                (System.nanoTime() - t0) / 1e9));
    }

    /** GridFiles.parse, with what escapes it (a null in a list or map fails in a record constructor) made a clear refusal. */
    private static GridSpec grid(String text, String source) {
        try {
            GridSpec grid = GridFiles.parse(text, source);
            GridValidator.checkRunnable(grid, source);
            return grid;
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException(source + ": " + VersionedJson.cause(e), e);
        }
    }

    private static String read(Path file, String src) {
        return new String(readBytes(file, src), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path file, String where) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read the unpacked file: " + IoReasons.of(e), e);
        }
    }

    private static boolean isEmptyFolder(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a folder this class created, without following links. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary folder " + dir + ": " + IoReasons.of(e), e);
        }
    }
}
