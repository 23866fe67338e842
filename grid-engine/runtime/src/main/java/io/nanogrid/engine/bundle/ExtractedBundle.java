package io.nanogrid.engine.bundle;

import java.nio.file.Path;

/**
 * A verified bundle unpacked into a folder: open it with {@code Grid.open(gridFile(), loader)}.
 *
 * @param dir      the folder
 * @param gridFile dir/grid.json
 * @param manifest the verified manifest
 * @param report   the checks it passed
 */
public record ExtractedBundle(Path dir, Path gridFile, BundleManifest manifest, BundleReport report) {
}
