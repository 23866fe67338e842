package io.nanogrid.engine.eval;

/** Precision, recall and F1 of one label; support is how many examples truly have it. */
public record ClassMetrics(String label, double precision, double recall, double f1, long support) {
}
