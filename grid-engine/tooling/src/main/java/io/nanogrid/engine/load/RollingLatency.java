package io.nanogrid.engine.load;

import java.util.ArrayDeque;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one series over a rolling window of the last few sample intervals. Any thread
 * records (wait-free, HdrHistogram's Recorder); one thread rolls the window at each sample and
 * reads percentiles from it. Values in microseconds, two significant digits (1 % resolution),
 * up to a minute; longer values count as a minute.
 */
final class RollingLatency {
    static final long MAX_MICROS = 60_000_000L;
    private static final int DIGITS = 2;

    private final Recorder recorder = new Recorder(MAX_MICROS, DIGITS);
    private final ArrayDeque<Histogram> intervals = new ArrayDeque<>();
    private final ArrayDeque<Histogram> spare = new ArrayDeque<>();
    private final Histogram window = new Histogram(MAX_MICROS, DIGITS);
    private final int length;

    /** @param length sample intervals in the window */
    RollingLatency(int length) {
        this.length = length;
    }

    void record(long micros) {
        recorder.recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
    }

    /** Closes the current interval: it enters the window and the oldest leaves it. One thread only. */
    void roll() {
        Histogram interval = recorder.getIntervalHistogram(spare.pollFirst());
        window.add(interval);
        intervals.addLast(interval);
        while (intervals.size() > length) {
            Histogram old = intervals.pollFirst();
            window.subtract(old);
            spare.addLast(old);
        }
    }

    /** Count and percentiles of the window, in milliseconds (NaN when it is empty). */
    LoadSample.Percentiles percentiles() {
        long n = window.getTotalCount();
        if (n == 0) {
            return new LoadSample.Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LoadSample.Percentiles(n, ms(window.getValueAtPercentile(50)), ms(window.getValueAtPercentile(95)),
                ms(window.getValueAtPercentile(99)));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
