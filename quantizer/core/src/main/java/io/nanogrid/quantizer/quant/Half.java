package io.nanogrid.quantizer.quant;

/** IEEE 754 half precision (float16) for Java 17, which has no Float.floatToFloat16: round to nearest even. */
public final class Half {
    private Half() {
    }

    /** The float16 bits nearest to {@code f} (ties to even; beyond 65,504 infinity). */
    public static short bits(float f) {
        int x = Float.floatToRawIntBits(f);
        int sign = (x >>> 16) & 0x8000;
        int biased = (x >>> 23) & 0xff;
        int mant = x & 0x7fffff;
        if (biased == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int exp = biased - 127 + 15;
        if (exp >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (exp <= 0) {
            if (exp < -10) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int shift = 14 - exp;
            int half = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // a carry into the exponent is the right rounding
        }
        return (short) (sign | half);
    }

    /** The float a float16 holds (exactly). */
    public static float toFloat(short h) {
        int v = h & 0xffff;
        int sign = (v & 0x8000) << 16;
        int exp = (v >>> 10) & 0x1f;
        int mant = v & 0x3ff;
        if (exp == 0) {
            float f = mant * 0x1p-24f;
            return sign != 0 ? -f : f;
        }
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** {@code f} rounded to the nearest float16 value. */
    public static float round(float f) {
        return toFloat(bits(f));
    }
}
