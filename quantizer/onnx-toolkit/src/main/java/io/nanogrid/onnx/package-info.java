/** ONNX files as protobuf: read, scan weights and operators, build graphs, write (the ONNX toolkit). */
package io.nanogrid.onnx;
