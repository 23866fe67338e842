package io.nanogrid.quantizer.rewrite;

/**
 * One weight that was quantized.
 *
 * @param name          the weight's name in the source model
 * @param graph         "main", or the subgraph path
 * @param node          the node that uses it
 * @param op            that node's operator
 * @param shape         the weight's shape
 * @param storedAs      what it became: "MatMulNBits", "GatherBlockQuantized", "DequantizeLinear int4", ...
 * @param bits          bits per code
 * @param block         values per scale
 * @param bytesBefore   float bytes
 * @param bytesAfter    bytes of the codes, scales and zero points written
 * @param bitsPerWeight bytesAfter * 8 / values: codes, scales and zero points counted
 * @param rmse          root-mean-square error as a fraction of the weight's standard deviation
 * @param outputError   with calibration data: the layer's output RMSE on it as a fraction of the output's RMS
 *                      (what GPTQ minimizes); null without
 * @param method        how the codes were chosen: "rtn", "search", or "gptq+rtn"/"gptq+search" with calibration
 */
public record TensorReport(String name, String graph, String node, String op, long[] shape, String storedAs, int bits,
        int block, long bytesBefore, long bytesAfter, double bitsPerWeight, double rmse, Double outputError,
        String method) {
    public TensorReport(String name, String graph, String node, String op, long[] shape, String storedAs, int bits,
            int block, long bytesBefore, long bytesAfter, double bitsPerWeight, double rmse) {
        this(name, graph, node, op, shape, storedAs, bits, block, bytesBefore, bytesAfter, bitsPerWeight, rmse, null,
                null);
    }
}
