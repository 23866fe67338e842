package io.nanogrid.quantizer.rewrite;

import io.nanogrid.quantizer.quant.QuantSpec;
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
 */
public record QuantizeOptions(QuantSpec spec, OutputFormat format, Set<String> keep, long minElements,
        int accuracyLevel, GatherForm gather) {
    public static final long DEFAULT_MIN_ELEMENTS = 256;
    public static final int DEFAULT_ACCURACY_LEVEL = 4;

    public QuantizeOptions {
        keep = Set.copyOf(keep);
        if (!QuantSpec.isStandardBlock(spec.block())) {
            throw new IllegalArgumentException("block must be a power of two from " + QuantSpec.MIN_BLOCK + " to "
                    + QuantSpec.MAX_BLOCK + ", not " + spec.block());
        }
        if (format == OutputFormat.DYNAMIC && spec.bits() != 8) {
            throw new IllegalArgumentException("format dynamic quantizes weights to 8 bits, not " + spec.bits());
        }
    }

    public static QuantizeOptions of(QuantSpec spec) {
        return new QuantizeOptions(spec, OutputFormat.NBITS, Set.of(), DEFAULT_MIN_ELEMENTS, DEFAULT_ACCURACY_LEVEL,
                GatherForm.DQ);
    }

    public QuantizeOptions withFormat(OutputFormat f) {
        return new QuantizeOptions(spec, f, keep, minElements, accuracyLevel, gather);
    }

    public QuantizeOptions withKeep(Set<String> k) {
        return new QuantizeOptions(spec, format, k, minElements, accuracyLevel, gather);
    }

    public QuantizeOptions withMinElements(long n) {
        return new QuantizeOptions(spec, format, keep, n, accuracyLevel, gather);
    }

    public QuantizeOptions withAccuracyLevel(int level) {
        return new QuantizeOptions(spec, format, keep, minElements, level, gather);
    }

    public QuantizeOptions withGather(GatherForm g) {
        return new QuantizeOptions(spec, format, keep, minElements, accuracyLevel, g);
    }

    public QuantizeOptions withSpec(QuantSpec s) {
        return new QuantizeOptions(s, format, keep, minElements, accuracyLevel, gather);
    }
}
