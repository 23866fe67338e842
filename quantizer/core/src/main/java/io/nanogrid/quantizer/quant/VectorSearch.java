package io.nanogrid.quantizer.quant;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The search's sums with the JDK's vector API (the incubating module jdk.incubator.vector): for each of the four
 * candidates, sum(x k) and sum(k^2) over a block, k = clamp(rint(x * inverse), -z, qmax - z), a vector of
 * {@link QuantFormat#SUM_LANES} values at a time.
 *
 * <p>Same float sums bit for bit as {@link ReferenceQuantizer} and the scalar loop of {@link FastQuantizer}: lane j
 * accumulates values j, j + 8, j + 16, ... (the product rounded to float, then added: mul then add, never fma), and
 * the eight lanes are added in {@link QuantFormat#sumPartials}'s order (not reduceLanes(ADD), whose order for
 * floats is unspecified). Integer sums are exact in any order.
 *
 * <p>Loaded only when the module is in the boot layer (see {@link FastQuantizer#VECTOR_SEARCH}); blocks whose
 * length is not a multiple of 8 take the scalar loop.
 */
final class VectorSearch {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final int LANES = QuantFormat.SUM_LANES;
    private static final float MAGIC = FastQuantizer.MAGIC;
    private static final int MAGIC_BITS = FastQuantizer.MAGIC_BITS;

    private VectorSearch() {
    }

    /** True when this machine's vectors hold at least 8 floats (else the API would emulate them, slowly). */
    static boolean usable() {
        return FloatVector.SPECIES_PREFERRED.length() >= LANES && FLOATS.length() == LANES;
    }

    /**
     * The four candidates' sums over x[off, off + len), len a multiple of 8; partials is scratch of 32 floats.
     */
    static void sums(float[] x, int off, int len, float[] inverses, int[] zs, int qmax, float[] sumXk, int[] sumK2,
            float[] partials) {
        FloatVector i0 = FloatVector.broadcast(FLOATS, inverses[0]);
        FloatVector i1 = FloatVector.broadcast(FLOATS, inverses[1]);
        FloatVector i2 = FloatVector.broadcast(FLOATS, inverses[2]);
        FloatVector i3 = FloatVector.broadcast(FLOATS, inverses[3]);
        IntVector lo0 = IntVector.broadcast(INTS, -zs[0]);
        IntVector lo1 = IntVector.broadcast(INTS, -zs[1]);
        IntVector lo2 = IntVector.broadcast(INTS, -zs[2]);
        IntVector lo3 = IntVector.broadcast(INTS, -zs[3]);
        IntVector hi0 = IntVector.broadcast(INTS, qmax - zs[0]);
        IntVector hi1 = IntVector.broadcast(INTS, qmax - zs[1]);
        IntVector hi2 = IntVector.broadcast(INTS, qmax - zs[2]);
        IntVector hi3 = IntVector.broadcast(INTS, qmax - zs[3]);
        FloatVector magic = FloatVector.broadcast(FLOATS, MAGIC);
        IntVector magicBits = IntVector.broadcast(INTS, MAGIC_BITS);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        IntVector b0 = IntVector.zero(INTS);
        IntVector b1 = b0;
        IntVector b2 = b0;
        IntVector b3 = b0;
        for (int i = off, end = off + len; i < end; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            IntVector k0 = v.mul(i0).add(magic).reinterpretAsInts().sub(magicBits).max(lo0).min(hi0);
            IntVector k1 = v.mul(i1).add(magic).reinterpretAsInts().sub(magicBits).max(lo1).min(hi1);
            IntVector k2 = v.mul(i2).add(magic).reinterpretAsInts().sub(magicBits).max(lo2).min(hi2);
            IntVector k3 = v.mul(i3).add(magic).reinterpretAsInts().sub(magicBits).max(lo3).min(hi3);
            a0 = a0.add(v.mul((FloatVector) k0.convert(VectorOperators.I2F, 0)));
            a1 = a1.add(v.mul((FloatVector) k1.convert(VectorOperators.I2F, 0)));
            a2 = a2.add(v.mul((FloatVector) k2.convert(VectorOperators.I2F, 0)));
            a3 = a3.add(v.mul((FloatVector) k3.convert(VectorOperators.I2F, 0)));
            b0 = b0.add(k0.mul(k0));
            b1 = b1.add(k1.mul(k1));
            b2 = b2.add(k2.mul(k2));
            b3 = b3.add(k3.mul(k3));
        }
        a0.intoArray(partials, 0);
        a1.intoArray(partials, LANES);
        a2.intoArray(partials, 2 * LANES);
        a3.intoArray(partials, 3 * LANES);
        sumXk[0] = QuantFormat.sumPartials(partials, 0);
        sumXk[1] = QuantFormat.sumPartials(partials, LANES);
        sumXk[2] = QuantFormat.sumPartials(partials, 2 * LANES);
        sumXk[3] = QuantFormat.sumPartials(partials, 3 * LANES);
        sumK2[0] = b0.reduceLanes(VectorOperators.ADD);
        sumK2[1] = b1.reduceLanes(VectorOperators.ADD);
        sumK2[2] = b2.reduceLanes(VectorOperators.ADD);
        sumK2[3] = b3.reduceLanes(VectorOperators.ADD);
    }
}
