package io.nanogrid.engine.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.eval.EvalReport;
import java.util.List;

/**
 * A trained and exported model with its held-out report (measured by running the exported ONNX
 * model in ONNX Runtime).
 *
 * @param model         the ONNX model, with the held-out figures in its provenance
 * @param parameters    learned values
 * @param trainExamples examples used for training (including the validation split)
 * @param heldOut       accuracy, macro-F1 and confusion on the held-out examples (null without any)
 * @param history       per-epoch figures
 * @param trainSeconds  wall time of training
 * @param warnings      what the user should know (labels only in the test split, duplicates removed, ...)
 */
public record TrainingOutcome(ModelProto model, long parameters, int trainExamples, EvalReport heldOut,
        List<EpochStats> history, double trainSeconds, List<String> warnings) {
}
