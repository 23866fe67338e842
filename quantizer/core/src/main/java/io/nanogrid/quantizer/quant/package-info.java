/** Block quantization numerics: formats, round-to-nearest and searched scales, the reference and fast paths. */
package io.nanogrid.quantizer.quant;
