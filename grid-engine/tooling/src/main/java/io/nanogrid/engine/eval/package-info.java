/** Evaluation: accuracy, macro-F1, per-class figures and the confusion matrix. */
package io.nanogrid.engine.eval;
