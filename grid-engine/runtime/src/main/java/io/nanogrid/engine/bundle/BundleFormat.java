package io.nanogrid.engine.bundle;

/** The fixed layout of a bundle (.ngrid, a zip). */
final class BundleFormat {
    /** First entry: what the bundle holds, with checksums. */
    static final String MANIFEST = "manifest.json";
    /** The grid, with model paths inside the bundle. */
    static final String GRID = "grid.json";
    /** Models live here as NODE.onnx. */
    static final String MODELS = "models/";
    /** Files an adapter names (a tokenizer.json) travel here, beside the models. */
    static final String FILES = "files/";
    /** The first nanogrid that reads bundle format 1. */
    static final String MIN_RUNTIME_VERSION = "0.1.0";

    private BundleFormat() {
    }

    /** "nanogrid VERSION" from the jar's manifest, or "nanogrid dev" when run from classes. */
    static String creator() {
        String v = BundleFormat.class.getPackage().getImplementationVersion();
        return "nanogrid " + (v != null ? v : "dev");
    }
}
