package io.nanogrid.engine.catalogue;

/**
 * One file of a dataset.
 *
 * @param path   relative path with '/' separators, the same in ../shared/data, in a mirror and in the cache
 * @param url    the upstream raw address (a pinned commit) the file is fetched from when no mirror is set
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param size   size in bytes
 */
public record CatalogueFile(String path, String url, String sha256, long size) {
}
