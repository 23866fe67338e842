package io.nanogrid.engine.bundle;

/**
 * A bundle whose entries were checked and written into a folder.
 *
 * @param manifest     the verified manifest
 * @param entries      zip entries, manifest.json included
 * @param bytes        uncompressed bytes of all entries
 * @param archiveBytes size of the .ngrid file
 */
record Unpacked(BundleManifest manifest, int entries, long bytes, long archiveBytes) {
}
