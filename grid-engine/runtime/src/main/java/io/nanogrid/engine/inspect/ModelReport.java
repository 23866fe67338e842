package io.nanogrid.engine.inspect;

import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.onnx.WeightTensor;
import java.util.List;
import java.util.Map;

/**
 * What `nanogrid inspect` shows about a model file.
 *
 * @param file        the path
 * @param fileBytes   size of the .onnx file (external data files not included)
 * @param inputs      graph inputs (initializers listed as inputs by old models are left out)
 * @param outputs     graph outputs
 * @param irVersion   ONNX IR version
 * @param producer    producer name and version
 * @param opsets      opset version imported per domain ("ai.onnx" for the default domain)
 * @param ops         operator histogram over the graph and all subgraphs
 * @param parameters  number of learned values (see GraphScan for what counts)
 * @param weightBytes bytes those values occupy
 * @param metadata    metadata_props
 * @param weights     every weight tensor
 * @param loadError   why ONNX Runtime refused the model, or null if it loads
 */
public record ModelReport(String file, long fileBytes, List<TensorDesc> inputs, List<TensorDesc> outputs,
        long irVersion, String producer, Map<String, Long> opsets, Map<String, Integer> ops, long parameters,
        long weightBytes, Map<String, String> metadata, List<WeightTensor> weights, String loadError) {
}
