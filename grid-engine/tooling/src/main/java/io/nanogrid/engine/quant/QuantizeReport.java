package io.nanogrid.engine.quant;

import io.nanogrid.quantizer.rewrite.SkippedWeight;
import io.nanogrid.quantizer.rewrite.TensorReport;
import java.util.List;

/**
 * What `nanogrid quantize` did and measured.
 *
 * @param input               the float model
 * @param output              the quantized model
 * @param bits                bits per code
 * @param block               values per scale (the largest; a short row uses a smaller power of two)
 * @param method              rtn or search
 * @param symmetric           no zero points
 * @param format              nbits or qdq
 * @param sourceSha256        the input file's sha256 (also in the output's metadata)
 * @param inputFileBytes      the input's bytes on disk (external data included)
 * @param outputFileBytes     the output's bytes on disk (external data included)
 * @param inputResidentBytes  resident bytes per loaded copy of the input, measured; null when not measured
 * @param outputResidentBytes resident bytes per loaded copy of the output, measured; null when not measured
 * @param weightBytesBefore   float bytes of the weights that were quantized
 * @param weightBytesAfter    their bytes once quantized (codes, scales, zero points)
 * @param tensors             every quantized weight
 * @param skipped             every float weight left as it was, with the reason
 * @param notes               other changes (opset raised, ONNX Runtime operators used)
 * @param externalData        the external data file written, or null
 * @param bitsPerWeight       stored bits per quantized weight value (codes, scales, zero points), over every tensor
 * @param calibration         the calibration data file (MatMul/Gemm codes chosen for the output error), or null
 * @param calibrationExamples how many calibration examples were run, or null
 * @param warnings            where the quantized model is worse than the float one (more resident memory), plainly
 * @param sensitivity         with --target-bpw: each weight's output error at each width, measured alone; else null
 * @param predictedError      with --target-bpw: the relative output error the chosen bits predict; else null
 */
public record QuantizeReport(String input, String output, int bits, int block, String method, boolean symmetric,
        String format, String sourceSha256, long inputFileBytes, long outputFileBytes, Long inputResidentBytes,
        Long outputResidentBytes, long weightBytesBefore, long weightBytesAfter, List<TensorReport> tensors,
        List<SkippedWeight> skipped, List<String> notes, String externalData, double bitsPerWeight,
        String calibration, Integer calibrationExamples, List<String> warnings, Sensitivity sensitivity,
        Double predictedError) {
}
