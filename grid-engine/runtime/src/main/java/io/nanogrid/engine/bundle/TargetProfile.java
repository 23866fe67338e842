package io.nanogrid.engine.bundle;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the bundle is meant to run as on the device.
 *
 * @param bits                "8", "4", "2" or "float" for every node ("router" and each expert id)
 * @param quantized           whether the models in the bundle already have these bits; false while
 *                            export records the profile without quantizing (see the README)
 * @param memoryEstimateBytes estimated resident bytes of all models at these bits, sessions included
 * @param minRuntimeVersion   the oldest nanogrid runtime that reads this bundle format
 * @param onnxRuntimeVersion  the ONNX Runtime version every model was loaded with at export
 * @param opsets              the highest opset each domain needs, over all models
 */
public record TargetProfile(Map<String, String> bits, Boolean quantized, Long memoryEstimateBytes,
        String minRuntimeVersion, String onnxRuntimeVersion, Map<String, Long> opsets) {
    public TargetProfile {
        bits = bits != null ? Collections.unmodifiableMap(new TreeMap<>(bits)) : Map.of();
        quantized = quantized != null ? quantized : Boolean.FALSE;
        opsets = opsets != null ? Collections.unmodifiableMap(new TreeMap<>(opsets)) : Map.of();
    }
}
