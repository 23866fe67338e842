package io.nanogrid.engine.catalogue;

/**
 * One file of a pull.
 *
 * @param path   relative path in the catalogue
 * @param local  where it is now, verified
 * @param size   bytes
 * @param sha256 its verified checksum
 * @param source "cache", or the mirror path or URL it was fetched from
 */
public record PulledFile(String path, String local, long size, String sha256, String source) {
    public boolean fetched() {
        return !source.equals(PullReport.FROM_CACHE);
    }
}
