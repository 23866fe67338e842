package io.nanogrid.quantizer.quant;

/**
 * Packs small unsigned codes into bytes, low bits first: with 4 bits the first code is the low
 * nibble, with 2 bits the first code is bits 0-1. That is ONNX's layout for int4/uint4/int2/uint2
 * tensors and the layout of ONNX Runtime's MatMulNBits and GatherBlockQuantized.
 */
public final class BitPacking {
    private BitPacking() {
    }

    /** Writes {@code count} codes from {@code codes[from..]} at element {@code at} of the packed array. */
    public static void pack(int[] codes, int from, int count, int bits, byte[] out, long at) {
        int mask = (1 << bits) - 1;
        for (int i = 0; i < count; i++) {
            put(out, at + i, bits, codes[from + i] & mask);
        }
    }

    /** Sets packed element {@code index} (the byte must hold zero in that slot, or the same value). */
    public static void put(byte[] packed, long index, int bits, int code) {
        long bit = index * bits;
        int b = (int) (bit >>> 3);
        packed[b] = (byte) (packed[b] | (code & ((1 << bits) - 1)) << (int) (bit & 7));
    }

    /** Reads packed element {@code index}. */
    public static int get(byte[] packed, long index, int bits) {
        long bit = index * bits;
        return (packed[(int) (bit >>> 3)] >>> (int) (bit & 7)) & ((1 << bits) - 1);
    }

    /** Bytes that {@code count} packed codes take. */
    public static int bytes(long count, int bits) {
        return Math.toIntExact((count * bits + 7) / 8);
    }

    /** Packs codes given one per element. */
    public static byte[] pack(int[] codes, int bits) {
        byte[] out = new byte[bytes(codes.length, bits)];
        pack(codes, 0, codes.length, bits, out, 0);
        return out;
    }
}
