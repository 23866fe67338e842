/** Model reports: inputs, outputs, opsets, operators, parameters and metadata of an ONNX file. */
package io.nanogrid.engine.inspect;
