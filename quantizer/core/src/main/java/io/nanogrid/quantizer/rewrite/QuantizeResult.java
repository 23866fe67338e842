package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;

/**
 * The quantized model and what happened to every float weight.
 *
 * @param model     the rewritten model
 * @param quantized the weights that were quantized
 * @param skipped   the float weights left as they were, with the reason
 * @param notes     changes to the model beyond the weights (opset raised, operator domains added)
 * @param unmatchedKeep names given to keep in float that name no tensor or node of the model
 */
public record QuantizeResult(ModelProto model, List<TensorReport> quantized, List<SkippedWeight> skipped,
        List<String> notes, List<String> unmatchedKeep) {
    public QuantizeResult {
        quantized = List.copyOf(quantized);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
        unmatchedKeep = List.copyOf(unmatchedKeep);
    }

    public long bytesBefore() {
        return quantized.stream().mapToLong(TensorReport::bytesBefore).sum();
    }

    public long bytesAfter() {
        return quantized.stream().mapToLong(TensorReport::bytesAfter).sum();
    }
}
