package io.nanogrid.engine.cli;

import java.util.Locale;

/** Human-readable numbers for the text output. */
public final class Formats {
    private Formats() {
    }

    public static String bytes(long b) {
        if (b < 0) {
            return "unknown";
        }
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1024.0 / 1024);
        }
        return String.format(Locale.ROOT, "%.2f GB", b / 1024.0 / 1024 / 1024);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }
}
