package io.nanogrid.engine.ort;

/**
 * How the process's ONNX Runtime is set up. Sessions never own threads: every session runs on the
 * environment's global pool, so a hundred loaded models add no thread.
 *
 * @param intraOpThreads size of the global intra-op pool; 1 runs every operator on the caller's
 *                       thread, which suits nano models served concurrently
 * @param spinning       whether pool threads spin while waiting (lower latency, burns CPU)
 * @param optimization   graph optimization level: "basic", "extended" or "all"
 */
public record OrtSettings(int intraOpThreads, boolean spinning, String optimization) {
    public OrtSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        }
    }

    /** Defaults: one intra-op thread (the caller's), no spinning, every optimization. */
    public static OrtSettings defaults() {
        return new OrtSettings(1, false, "all");
    }
}
