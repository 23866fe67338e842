package io.nanogrid.quantizer.rewrite;

import io.nanogrid.onnx.WeightBits;
import io.nanogrid.quantizer.quant.ProductCodebook;
import io.nanogrid.quantizer.quant.QuantSpec;
import java.util.Map;
import java.util.Set;

/**
 * What to quantize and how.
 *
 * @param spec          bits, block, method, symmetric
 * @param format        how matrix weights are written
 * @param keep          tensor or node names to keep in float (for example the first and last layers)
 * @param minElements   weights with fewer values stay float
 * @param accuracyLevel MatMulNBits accuracy_level (4: int8 activations, the fast path at 2, 4 and 8 bits)
 * @param gather        how embedding tables are stored
 * @param calibration   what calibration data says about the inputs of MatMul/Gemm weights (their codes are
 *                      then chosen for the layer's output error, {@link io.nanogrid.quantizer.quant.Gptq}), or null
 * @param bitsByWeight  bits for particular weights (by tensor name), overriding the spec's (a mixed precision plan)
 * @param tableBits     bits of embedding tables (weights only Gather reads), or null for the spec's; a table costs
 *                      no multiply time, so its width is a choice of file size against accuracy only
 * @param tableBlock    the block of embedding tables, or null for the spec's (MatMulNBits runs long blocks faster;
 *                      a Gather's time does not depend on the block)
 * @param tableCodebook embedding tables as product-quantization codebooks with sub-vectors of this many values
 *                      ({@link io.nanogrid.quantizer.quant.ProductCodebook}: 8 / tableCodebook bits per value plus
 *                      the codebook), or null for block codes; excludes {@code tableBits}
 */
public record QuantizeOptions(QuantSpec spec, OutputFormat format, Set<String> keep, long minElements,
        int accuracyLevel, GatherForm gather, Calibration calibration, Map<String, Integer> bitsByWeight,
        Integer tableBits, Integer tableBlock, Integer tableCodebook) {
    public static final long DEFAULT_MIN_ELEMENTS = 256;
    public static final int DEFAULT_ACCURACY_LEVEL = 4;

    public QuantizeOptions {
        keep = Set.copyOf(keep);
        bitsByWeight = Map.copyOf(bitsByWeight);
        if (!QuantSpec.isStandardBlock(spec.block())) {
            throw new IllegalArgumentException("block must be a power of two from " + QuantSpec.MIN_BLOCK + " to "
                    + QuantSpec.MAX_BLOCK + ", not " + spec.block());
        }
        if (format == OutputFormat.DYNAMIC && spec.bits() != 8) {
            throw new IllegalArgumentException("format dynamic quantizes weights to 8 bits, not " + spec.bits());
        }
        for (var e : bitsByWeight.entrySet()) {
            if (!WeightBits.supported(e.getValue())) {
                throw new IllegalArgumentException(e.getKey() + ": bits must be " + WeightBits.listed() + ", not "
                        + e.getValue());
            }
        }
        if (tableBits != null && !WeightBits.supported(tableBits)) {
            throw new IllegalArgumentException("table bits must be " + WeightBits.listed() + ", not " + tableBits);
        }
        if (tableBlock != null && !QuantSpec.isStandardBlock(tableBlock)) {
            throw new IllegalArgumentException("table block must be a power of two from " + QuantSpec.MIN_BLOCK
                    + " to " + QuantSpec.MAX_BLOCK + ", not " + tableBlock);
        }
        if (tableCodebook != null && (tableCodebook < 1 || tableCodebook > ProductCodebook.MAX_SUB)) {
            throw new IllegalArgumentException("table codebook sub-vectors must have 1 to " + ProductCodebook.MAX_SUB
                    + " values, not " + tableCodebook);
        }
        if (tableCodebook != null && tableBits != null) {
            throw new IllegalArgumentException("tables are either codebooks or " + tableBits + "-bit codes: give table "
                    + "bits or a table codebook, not both");
        }
    }

    public QuantizeOptions(QuantSpec spec, OutputFormat format, Set<String> keep, long minElements, int accuracyLevel,
            GatherForm gather, Calibration calibration, Map<String, Integer> bitsByWeight) {
        this(spec, format, keep, minElements, accuracyLevel, gather, calibration, bitsByWeight, null, null, null);
    }

    public QuantizeOptions(QuantSpec spec, OutputFormat format, Set<String> keep, long minElements, int accuracyLevel,
            GatherForm gather) {
        this(spec, format, keep, minElements, accuracyLevel, gather, null, Map.of());
    }

    public static QuantizeOptions of(QuantSpec spec) {
        return new QuantizeOptions(spec, OutputFormat.NBITS, Set.of(), DEFAULT_MIN_ELEMENTS, DEFAULT_ACCURACY_LEVEL,
                GatherForm.DQ);
    }

    public QuantizeOptions withFormat(OutputFormat f) {
        return new QuantizeOptions(spec, f, keep, minElements, accuracyLevel, gather, calibration, bitsByWeight, tableBits,
                tableBlock, tableCodebook);
    }

    public QuantizeOptions withKeep(Set<String> k) {
        return new QuantizeOptions(spec, format, k, minElements, accuracyLevel, gather, calibration, bitsByWeight, tableBits,
                tableBlock, tableCodebook);
    }

    public QuantizeOptions withMinElements(long n) {
        return new QuantizeOptions(spec, format, keep, n, accuracyLevel, gather, calibration, bitsByWeight, tableBits,
                tableBlock, tableCodebook);
    }

    public QuantizeOptions withAccuracyLevel(int level) {
        return new QuantizeOptions(spec, format, keep, minElements, level, gather, calibration, bitsByWeight, tableBits,
                tableBlock, tableCodebook);
    }

    public QuantizeOptions withGather(GatherForm g) {
        return new QuantizeOptions(spec, format, keep, minElements, accuracyLevel, g, calibration, bitsByWeight, tableBits,
                tableBlock, tableCodebook);
    }

    public QuantizeOptions withSpec(QuantSpec s) {
        return new QuantizeOptions(s, format, keep, minElements, accuracyLevel, gather, calibration, bitsByWeight, tableBits,
                tableBlock, tableCodebook);
    }

    public QuantizeOptions withCalibration(Calibration c) {
        return new QuantizeOptions(spec, format, keep, minElements, accuracyLevel, gather, c, bitsByWeight, tableBits,
                tableBlock, tableCodebook);
    }

    public QuantizeOptions withBitsByWeight(Map<String, Integer> bits) {
        return new QuantizeOptions(spec, format, keep, minElements, accuracyLevel, gather, calibration, bits, tableBits,
                tableBlock, tableCodebook);
    }

    /** Embedding tables' own bits and block (null: the spec's). */
    public QuantizeOptions withTables(Integer bits, Integer block) {
        return new QuantizeOptions(spec, format, keep, minElements, accuracyLevel, gather, calibration, bitsByWeight,
                bits, block, tableCodebook);
    }

    /** Embedding tables as product-quantization codebooks of sub-vectors of {@code sub} values (null: block codes). */
    public QuantizeOptions withTableCodebook(Integer sub) {
        return new QuantizeOptions(spec, format, keep, minElements, accuracyLevel, gather, calibration, bitsByWeight,
                tableBits, tableBlock, sub);
    }

    /** The spec for one weight: the spec's, with the bits of {@link #bitsByWeight} where it names the weight. */
    public QuantSpec specFor(String weight) {
        return specFor(weight, false);
    }

    /**
     * The spec for one weight: the spec's, or the tables' bits and block for an embedding table, with the bits of
     * {@link #bitsByWeight} where it names the weight.
     */
    public QuantSpec specFor(String weight, boolean table) {
        QuantSpec base = table ? tableSpec() : spec;
        Integer b = bitsByWeight.get(weight);
        return b == null || b == base.bits() ? base : base.withBits(b);
    }

    /** The spec of embedding tables not named in {@link #bitsByWeight}. */
    public QuantSpec tableSpec() {
        QuantSpec s = tableBits == null ? spec : spec.withBits(tableBits);
        return tableBlock == null ? s : s.withBlock(tableBlock);
    }

    /** The fewest bits any weight gets. */
    public int minBits() {
        int least = tableBits == null ? spec.bits() : Math.min(spec.bits(), tableBits);
        return Math.min(least, bitsByWeight.values().stream().mapToInt(Integer::intValue).min().orElse(least));
    }
}
