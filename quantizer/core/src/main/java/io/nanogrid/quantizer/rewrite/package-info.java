/** Graph rewrites that put quantized weights into an ONNX model (MatMulNBits, DequantizeLinear, gathers). */
package io.nanogrid.quantizer.rewrite;
