/** The one package that talks to ONNX Runtime: sessions, tensors, run time limits, the native library. */
package io.nanogrid.engine.ort;
