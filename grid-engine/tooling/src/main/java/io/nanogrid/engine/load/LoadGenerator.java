package io.nanogrid.engine.load;

import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays a list of requests against a running grid at a target rate from a number of threads, and
 * records every answer in a {@link LoadMetrics}. The requests are sent in list order, round and
 * round (shuffle a stream that is grouped by route first). Pacing is a fixed schedule shared by
 * the threads (see {@link Pacer}): a thread parks until its slot, never spins. Latency is measured
 * from the moment a request is sent to its answer (service time); when every thread is busy the
 * schedule slips, and the achieved rate shows it.
 *
 * <p>The threads are daemons named {@code nanogrid-load-N}; {@link #stop} (or close) ends them and
 * waits for them, cutting short an expert's injected delay.
 */
public final class LoadGenerator implements AutoCloseable {
    /** Overdue slots sent back to back at most, in time: after a pause the schedule slips rather than bursts. */
    static final long MAX_LAG_NANOS = 100_000_000L;

    private final Grid grid;
    private final List<Request> requests;
    private final LoadMetrics metrics;
    private final int concurrency;
    private final Pacer pacer;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong exceptions = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile String lastException;

    public LoadGenerator(Grid grid, List<Request> requests, LoadSettings settings, LoadMetrics metrics) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no requests to send");
        }
        this.grid = grid;
        this.requests = List.copyOf(requests);
        this.metrics = metrics;
        this.concurrency = settings.concurrency();
        this.pacer = new Pacer(settings.rate(), MAX_LAG_NANOS);
    }

    /** Starts the threads; once only. */
    public synchronized void start() {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(this::loop, "nanogrid-load-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** Changes the target rate while running (requests/s; 0: as fast as possible). */
    public void setRate(double rate) {
        new LoadSettings(rate, concurrency);
        pacer.setRate(rate);
    }

    private void loop() {
        while (!stopping) {
            if (pacer.paced() && !awaitSlot()) {
                return;
            }
            Request request = requests.get((int) (next.getAndIncrement() % requests.size()));
            long t0 = System.nanoTime();
            GridResponse r;
            try {
                r = grid.route(request);
            } catch (RuntimeException e) {
                // the grid answers every failure with a typed error; an exception here is a bug to show, not to hide
                exceptions.incrementAndGet();
                lastException = e.toString();
                continue;
            }
            long took = System.nanoTime() - t0;
            if (!stopping) {
                // a request cut short by stop() (an injected delay interrupted) is not a figure of the run
                metrics.record(r, took);
            }
        }
    }

    /** Parks until this thread's next slot is due; false when stopping. */
    private boolean awaitSlot() {
        long slot = pacer.nextSlot(System.nanoTime());
        for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
            LockSupport.parkNanos(this, wait);
            if (stopping) {
                return false;
            }
        }
        return !stopping;
    }

    /** Requests sent so far. */
    public long sent() {
        return next.get();
    }

    /** Calls of the grid that threw instead of answering (none expected), and the last one's message. */
    public long exceptions() {
        return exceptions.get();
    }

    public String lastException() {
        return lastException;
    }

    public boolean running() {
        synchronized (this) {
            return threads.stream().anyMatch(Thread::isAlive);
        }
    }

    /**
     * Stops the threads and waits for them: each finishes the request it is running (a model run
     * takes microseconds; an injected delay is cut short). Returns false if one is still running
     * after {@code timeoutMillis}.
     */
    public boolean stop(long timeoutMillis) {
        stopping = true;
        List<Thread> ts;
        synchronized (this) {
            ts = List.copyOf(threads);
        }
        ts.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (Thread t : ts) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ts.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void close() {
        stop(5_000);
    }
}
