package io.nanogrid.engine.load;

import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.runtime.ErrorCode;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.ProcessStats;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load threads saw: every answer is recorded (from any thread, without locks), and
 * {@link #sample} reads the figures of a rolling window of the last {@code windowIntervals} samples
 * plus running totals. Sample at a steady pace (the monitor: 20 times a second) from one thread.
 */
public final class LoadMetrics {
    /** The route of responses that reached none (a bad request, a router failure with no fallback expert). */
    public static final String NO_ROUTE = "none";

    private final int windowIntervals;
    private final long startNanos;
    private final Map<String, RollingLatency> routes = new ConcurrentHashMap<>();
    private final Map<String, RollingLatency> experts = new ConcurrentHashMap<>();
    private final Map<String, RollingLatency> stages = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder degraded = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder failovers = new LongAdder();
    private final Map<ErrorCode, LongAdder> byCode = new EnumMap<>(ErrorCode.class);
    /** Resident memory is read from /proc at most this often (a file read per sample adds up at 20 Hz). */
    private static final long RSS_EVERY_NANOS = 250_000_000L;
    private long rssReadAt = Long.MIN_VALUE;
    private long rss = -1;
    /** Sample times and the request and degraded totals at each, for the window's rates. */
    private final ArrayDeque<long[]> marks = new ArrayDeque<>();

    /** @param windowIntervals samples the rolling window spans (20 samples at 20 Hz: one second) */
    public LoadMetrics(int windowIntervals, long startNanos) {
        if (windowIntervals < 1) {
            throw new IllegalArgumentException("the window needs at least one interval");
        }
        this.windowIntervals = windowIntervals;
        this.startNanos = startNanos;
        for (ErrorCode c : ErrorCode.values()) {
            byCode.put(c, new LongAdder());
        }
        marks.add(new long[] {startNanos, 0, 0});
    }

    /** Records one answer and how long it took end to end, as the sender measured it. Any thread. */
    public void record(GridResponse r, long nanos) {
        String route = r.route() != null ? r.route() : NO_ROUTE;
        series(routes, route).record(nanos / 1000);
        if (r.route() != null && !r.route().equals(GridSpec.FALLBACK_NODE) && r.timings() != null) {
            series(experts, r.route()).record(Math.round(r.timings().expert()));
        }
        if (r.timings() != null && r.timings().encoder() > 0) {
            series(stages, LoadSample.ENCODER).record(Math.round(r.timings().encoder()));
        }
        requests.increment();
        if (r.error() != null) {
            byCode.get(r.error().code()).increment();
        }
        if (r.degraded()) {
            degraded.increment();
            if (r.error() != null && r.result() != null) {
                failovers.increment();
            }
        }
        if (r.fallback()) {
            fallbacks.increment();
        }
    }

    private RollingLatency series(Map<String, RollingLatency> map, String key) {
        RollingLatency s = map.get(key);
        return s != null ? s : map.computeIfAbsent(key, k -> new RollingLatency(windowIntervals));
    }

    /** Closes the current interval and reports the window and the totals. One thread at a time. */
    public synchronized LoadSample sample(long nowNanos) {
        long total = requests.sum();
        long bad = degraded.sum();
        marks.addLast(new long[] {nowNanos, total, bad});
        while (marks.size() > windowIntervals + 1) {
            marks.pollFirst();
        }
        long[] first = marks.peekFirst();
        double window = Math.max(1e-9, (nowNanos - first[0]) / 1e9);
        Map<String, LoadSample.Percentiles> r = figures(routes);
        Map<String, LoadSample.Percentiles> e = figures(experts);
        Map<String, LoadSample.Percentiles> st = figures(stages);
        // the error total is the sum of the same snapshot of the counts by code: read from a counter of its own,
        // an answer recorded between the two reads made errors differ from the sum of the codes
        Map<ErrorCode, Long> codes = new EnumMap<>(ErrorCode.class);
        long errors = 0;
        for (Map.Entry<ErrorCode, LongAdder> c : byCode.entrySet()) {
            long v = c.getValue().sum();
            if (v > 0) {
                codes.put(c.getKey(), v);
                errors += v;
            }
        }
        LoadSample.Totals totals = new LoadSample.Totals(total, errors, bad, fallbacks.sum(), failovers.sum(), codes);
        if (rssReadAt == Long.MIN_VALUE || nowNanos - rssReadAt >= RSS_EVERY_NANOS) {
            rss = ProcessStats.rssBytes();
            rssReadAt = nowNanos;
        }
        return new LoadSample((nowNanos - startNanos) / 1e9, window, r, e, (total - first[1]) / window,
                (bad - first[2]) / window, totals, rss, ProcessStats.heapUsedBytes(), st);
    }

    private static Map<String, LoadSample.Percentiles> figures(Map<String, RollingLatency> map) {
        Map<String, LoadSample.Percentiles> out = new LinkedHashMap<>();
        for (Map.Entry<String, RollingLatency> s : new TreeMap<>(map).entrySet()) {
            s.getValue().roll();
            out.put(s.getKey(), s.getValue().percentiles());
        }
        return out;
    }
}
