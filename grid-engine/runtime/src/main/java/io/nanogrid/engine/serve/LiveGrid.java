package io.nanogrid.engine.serve;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The grid being served, swappable while requests run. {@link #acquire()} hands out a lease on the
 * current generation; {@link #swap} installs a new one atomically, and the old one closes when its
 * last request returns its lease. No request fails because of a swap.
 */
final class LiveGrid implements AutoCloseable {
    private final AtomicReference<Generation> current;

    LiveGrid(Generation first) {
        this.current = new AtomicReference<>(first);
    }

    /** A lease on the current generation; release it when done (try-with-resources). */
    Lease acquire() {
        for (;;) {
            Generation g = current.get();
            if (g == null) {
                throw new IllegalStateException("the server is closed");
            }
            if (g.retain()) {
                return new Lease(g);
            }
            // retired between the read and the retain: the new generation is already installed
        }
    }

    /** Installs {@code next}; the previous generation closes once its requests are done. */
    void swap(Generation next) {
        Generation old = current.getAndSet(next);
        if (old != null) {
            old.release();
        }
    }

    /** Retires the current generation (closed once its requests are done). */
    @Override
    public void close() {
        Generation old = current.getAndSet(null);
        if (old != null) {
            old.release();
        }
    }

    /** A lease on one generation. */
    static final class Lease implements AutoCloseable {
        private final Generation generation;
        private boolean released;

        private Lease(Generation generation) {
            this.generation = generation;
        }

        Generation generation() {
            return generation;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                generation.release();
            }
        }
    }
}
