package io.nanogrid.engine.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model of a bundle and where it came from.
 *
 * @param node           "router" or the expert id that uses it (the first, when experts share a file)
 * @param path           its entry in the bundle
 * @param source         the model path as the exported grid file gave it
 * @param producer       producer name and version from the ONNX file
 * @param irVersion      ONNX IR version
 * @param opsets         opset version per domain ("ai.onnx" for the default domain)
 * @param parameters     learned values in it
 * @param weightBytes    bytes those values occupy now
 * @param bits           the model's bits: those its metadata records when it was quantized already ("8", "4",
 *                       "2", or "mixed" for bits chosen per weight), else the target bits of the profile ("8",
 *                       "4", "2" or "float")
 * @param estimatedBytes estimated resident bytes at the target bits (see {@link MemoryEstimate})
 * @param provenance     the model's metadata_props: what made it (trainer, seed, data sha256, bits, ...)
 */
public record BundleModel(String node, String path, String source, String producer, Long irVersion,
        Map<String, Long> opsets, Long parameters, Long weightBytes, String bits, Long estimatedBytes,
        Map<String, String> provenance) {
    /** The bits of a model quantized with bits chosen per weight (its provenance lists them). */
    public static final String MIXED = "mixed";

    public BundleModel {
        opsets = opsets != null ? Collections.unmodifiableMap(new TreeMap<>(opsets)) : Map.of();
        provenance = provenance != null ? Collections.unmodifiableMap(new LinkedHashMap<>(provenance)) : Map.of();
    }
}
