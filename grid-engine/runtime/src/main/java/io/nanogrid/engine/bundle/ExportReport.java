package io.nanogrid.engine.bundle;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What `nanogrid export` wrote.
 *
 * @param bundle              the .ngrid file
 * @param bytes               its size
 * @param sha256              its checksum (the same grid gives the same bytes, so the same checksum)
 * @param entries             zip entries, manifest.json included
 * @param models              model entries
 * @param modelBytes          bytes of all models, uncompressed
 * @param memoryEstimateBytes the target profile's memory estimate
 * @param bits                the target bits per node
 * @param quantized           whether the models already have those bits
 */
public record ExportReport(String bundle, long bytes, String sha256, int entries, List<String> models,
        long modelBytes, long memoryEstimateBytes, Map<String, String> bits, boolean quantized) {
    public ExportReport {
        models = List.copyOf(models);
        bits = new TreeMap<>(bits);
    }
}
