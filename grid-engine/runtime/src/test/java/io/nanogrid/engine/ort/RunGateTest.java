package io.nanogrid.engine.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunGateTest {
    @Test
    void closingAnIdleGateFreesAtOnceAndOnce() {
        AtomicInteger freed = new AtomicInteger();
        RunGate gate = new RunGate(freed::incrementAndGet);
        gate.close();
        gate.close();
        assertEquals(1, freed.get());
        assertFalse(gate.enter(), "no run goes into a closed gate");
        assertEquals(1, freed.get());
    }

    @Test
    void theLastRunOutOfAClosedGateFrees() {
        AtomicInteger freed = new AtomicInteger();
        RunGate gate = new RunGate(freed::incrementAndGet);
        assertTrue(gate.enter());
        assertTrue(gate.enter());
        gate.close();
        assertEquals(0, freed.get());
        assertFalse(gate.enter());
        gate.exit();
        assertEquals(0, freed.get(), "one run is still inside");
        gate.exit();
        assertEquals(1, freed.get());
        assertTrue(gate.closed());
        assertEquals(0, gate.inside());
    }

    /**
     * The interleaving that crashed the JVM, step by step: run A leaves (the count drops to zero),
     * run B comes in, close is asked. With a counter and a separate closing flag, A then read the
     * flag, saw the close, and freed the session under B. Here A's exit is one atomic step, so only
     * B's exit can free.
     */
    @Test
    void aRunThatLeavesBeforeTheCloseNeverFreesUnderTheNextRun() {
        AtomicInteger freed = new AtomicInteger();
        RunGate gate = new RunGate(freed::incrementAndGet);
        assertTrue(gate.enter()); // A
        gate.exit(); // A leaves: the count is zero
        assertTrue(gate.enter()); // B comes in
        gate.close(); // close asked while B runs
        assertEquals(0, freed.get(), "freed under run B");
        gate.exit(); // B leaves
        assertEquals(1, freed.get());
    }

    /**
     * Hot swaps in pure Java, many more than an ONNX Runtime test can do: workers run on whatever
     * gate is current, a swapper replaces it and closes the old one. A run that finds its resource
     * freed is a wrong answer (with a real session, a SIGSEGV). The old two-variable protocol gave
     * such runs here (6 in 2 million swaps on two cores); this must give none, whatever the timing.
     */
    @Test
    void manySwapsUnderLoadNeverFreeUnderARunAndFreeEachOnce() throws Exception {
        final class Resource {
            final AtomicInteger frees = new AtomicInteger();
            volatile boolean freed;
            final RunGate gate = new RunGate(() -> {
                freed = true;
                frees.incrementAndGet();
            });
        }
        int swaps = 300_000;
        AtomicReference<Resource> current = new AtomicReference<>(new Resource());
        List<Resource> all = new ArrayList<>();
        all.add(current.get());
        AtomicLong underFreed = new AtomicLong();
        AtomicLong runs = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread w = new Thread(() -> {
                while (!stop.get()) {
                    Resource r = current.get();
                    if (!r.gate.enter()) {
                        continue;
                    }
                    try {
                        if (r.freed) {
                            underFreed.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        if (r.freed) {
                            underFreed.incrementAndGet();
                        }
                        runs.incrementAndGet();
                    } finally {
                        r.gate.exit();
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        for (int i = 0; i < swaps; i++) {
            Resource next = new Resource();
            all.add(next);
            current.getAndSet(next).gate.close();
        }
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        current.get().gate.close();
        assertEquals(0, underFreed.get(), "runs that found their resource freed");
        for (Resource r : all) {
            assertEquals(1, r.frees.get(), "each resource is freed exactly once");
        }
        assertTrue(runs.get() > 0);
    }
}
