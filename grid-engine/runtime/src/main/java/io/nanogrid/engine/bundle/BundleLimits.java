package io.nanogrid.engine.bundle;

/**
 * What a bundle may hold before it is refused as too big or as a zip bomb. Sizes are counted while
 * inflating (never taken from the zip headers).
 *
 * @param maxArchiveBytes  the .ngrid file itself
 * @param maxEntries       entries in the zip
 * @param maxEntryBytes    one entry, uncompressed
 * @param maxTotalBytes    all entries together, uncompressed
 * @param maxRatio         uncompressed / compressed bytes of one entry ...
 * @param ratioFloorBytes  ... checked once the entry is past this many bytes (small, very
 *                         compressible files such as JSON are fine)
 * @param maxManifestBytes manifest.json
 */
public record BundleLimits(long maxArchiveBytes, int maxEntries, long maxEntryBytes, long maxTotalBytes,
        double maxRatio, long ratioFloorBytes, long maxManifestBytes) {
    private static final long MIB = 1024L * 1024;

    /** 2 GiB archives, 1,000 entries, 1 GiB per entry, 4 GiB in all, ratio 200 past 1 MiB, 4 MiB manifest. */
    public static BundleLimits defaults() {
        return new BundleLimits(2048 * MIB, 1000, 1024 * MIB, 4096 * MIB, 200, MIB, 4 * MIB);
    }
}
