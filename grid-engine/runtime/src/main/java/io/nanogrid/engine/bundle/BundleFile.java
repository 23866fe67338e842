package io.nanogrid.engine.bundle;

/**
 * One file inside a bundle, as the manifest lists it.
 *
 * @param path   entry name inside the zip ("grid.json", "models/router.onnx")
 * @param sha256 lower-case hex SHA-256 of its bytes
 * @param size   bytes, uncompressed
 */
public record BundleFile(String path, String sha256, long size) {
}
