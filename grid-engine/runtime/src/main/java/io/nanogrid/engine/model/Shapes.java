package io.nanogrid.engine.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Shape helpers. */
public final class Shapes {
    private Shapes() {
    }

    public static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public static String format(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    static void check(long[] shape, int length, String what) {
        if (elements(shape) != length) {
            throw new IllegalArgumentException(what + ": " + length + " values do not fill shape " + format(shape));
        }
    }
}
