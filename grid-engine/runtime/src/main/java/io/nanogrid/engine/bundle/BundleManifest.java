package io.nanogrid.engine.bundle;

import io.nanogrid.engine.grid.GridSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * manifest.json, the first entry of every bundle: what the bundle holds and how to check it.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; other versions are refused
 * @param createdBy     "nanogrid VERSION"
 * @param grid          the grid, with model paths inside the bundle and every featurizer (input
 *                      adapter) and output decoder with its labels written out; grid.json holds the same
 * @param files         every other entry with its sha256 and size, by path
 * @param models        every model with its provenance
 * @param target        the target profile
 */
public record BundleManifest(Integer formatVersion, String createdBy, GridSpec grid, List<BundleFile> files,
        List<BundleModel> models, TargetProfile target) {
    public static final int FORMAT_VERSION = 1;

    public BundleManifest {
        formatVersion = formatVersion != null ? formatVersion : FORMAT_VERSION;
        files = files != null ? Collections.unmodifiableList(new ArrayList<>(files)) : List.of();
        models = models != null ? Collections.unmodifiableList(new ArrayList<>(models)) : List.of();
    }
}
