package io.nanogrid.engine.load;

/**
 * A fixed schedule of send times shared by the load threads: one slot every 1/rate seconds. A thread
 * takes the next slot and parks until it is due (no busy waiting). When the threads fall behind (all
 * busy with slow answers, a pause), the schedule slips instead of bursting to catch up: at most
 * {@code maxLagNanos} worth of overdue slots are sent back to back.
 */
final class Pacer {
    private final long maxLagNanos;
    private volatile long periodNanos;
    private long next;
    private boolean started;

    Pacer(double rate, long maxLagNanos) {
        this.maxLagNanos = maxLagNanos;
        setRate(rate);
    }

    /** @param rate requests per second; 0 for no pacing */
    void setRate(double rate) {
        periodNanos = rate > 0 ? Math.max(1, Math.round(1e9 / rate)) : 0;
    }

    boolean paced() {
        return periodNanos > 0;
    }

    /** The send time of the next request, as System.nanoTime(); now or earlier means send at once. */
    synchronized long nextSlot(long now) {
        long period = periodNanos;
        if (period == 0) {
            started = false;
            return now;
        }
        if (!started || next < now - maxLagNanos) {
            next = started ? now - maxLagNanos : now;
            started = true;
        }
        long slot = next;
        next += period;
        return slot;
    }
}
