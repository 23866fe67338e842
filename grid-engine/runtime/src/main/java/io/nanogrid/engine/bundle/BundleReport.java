package io.nanogrid.engine.bundle;

import java.util.List;

/**
 * What `nanogrid verify` found: a bundle that passed every check.
 *
 * @param bundle        the .ngrid file
 * @param formatVersion its manifest's formatVersion
 * @param createdBy     the nanogrid that wrote it
 * @param grid          the grid's name
 * @param entries       zip entries, manifest.json included
 * @param bytes         uncompressed bytes of all entries
 * @param archiveBytes  the .ngrid file's size
 * @param models        every model entry, each loaded in ONNX Runtime
 * @param target        the target profile
 * @param seconds       wall time
 */
public record BundleReport(String bundle, int formatVersion, String createdBy, String grid, int entries, long bytes,
        long archiveBytes, List<String> models, TargetProfile target, double seconds) {
    public BundleReport {
        models = List.copyOf(models);
    }
}
