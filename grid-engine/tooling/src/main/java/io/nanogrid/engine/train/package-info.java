/** Training small text experts (hashed n-grams, then a small network) and their ONNX export with provenance. */
package io.nanogrid.engine.train;
