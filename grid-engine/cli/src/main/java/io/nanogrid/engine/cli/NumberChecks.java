package io.nanogrid.engine.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for numeric options, checked while the command line is parsed, before any work: a value
 * out of range is a usage error (exit 2), "Invalid value for option '--limit': '0' is not ...".
 */
public final class NumberChecks {
    private NumberChecks() {
    }

    /** A whole number of at least {@code min}; picocli makes converters by class, hence one per bound below. */
    private abstract static class AtLeast implements ITypeConverter<Integer> {
        private final int min;

        AtLeast(int min) {
            this.min = min;
        }

        @Override
        public Integer convert(String value) {
            return atLeast(value, min);
        }
    }

    /** A whole number of 1 or more: a count of requests, threads, examples. */
    public static final class AtLeastOne extends AtLeast {
        AtLeastOne() {
            super(1);
        }
    }

    /** A whole number of 0 or more. */
    public static final class AtLeastZero extends AtLeast {
        AtLeastZero() {
            super(0);
        }
    }

    /** A whole number of 2 or more. */
    public static final class AtLeastTwo extends AtLeast {
        AtLeastTwo() {
            super(2);
        }
    }

    /** A number from 0 to 1: a share, an accuracy. */
    public static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double v = Double.parseDouble(value.strip());
                if (v >= 0 && v <= 1) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new TypeConversionException("'" + value + "' is not a number from 0 to 1");
        }
    }

    public static int atLeast(String value, int min) {
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new TypeConversionException("'" + value + "' is not a whole number of " + min + " or more");
    }
}
