package io.nanogrid.samples;

/**
 * One built expert, for the builder's report and the README table.
 *
 * @param id           expert id
 * @param file         where the model was written
 * @param parameters   learned values
 * @param fileBytes    size of the .onnx file
 * @param accuracy     held-out accuracy (measured on the exported model in ONNX Runtime)
 * @param macroF1      held-out macro-F1
 * @param heldOut      held-out examples
 * @param p50Micros    median latency of one request through the model, on the held-out requests
 * @param trainSeconds training wall time
 */
public record ExpertResult(String id, String file, long parameters, long fileBytes, double accuracy, double macroF1,
        long heldOut, double p50Micros, double trainSeconds) {
}
