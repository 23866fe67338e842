package io.nanogrid.engine.runtime;

import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.ResilienceSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stress harness, not a test: many hot swaps of one expert under concurrent load, with a time
 * limit short enough for the watchdog to fire now and then. It passes by not crashing the JVM.
 * Run: java -cp ... io.nanogrid.engine.runtime.HotSwapStress SECONDS THREADS TIMEOUT_MS
 */
public final class HotSwapStress {
    private HotSwapStress() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long timeoutMs = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Path dir = Files.createTempDirectory("hotswap-stress");
        GridSpec base = TestGrids.threeModels(dir, null);
        GridSpec spec = new GridSpec(base.formatVersion(), base.name(), base.description(), base.router(),
                base.experts(), new ResilienceSpec(timeoutMs, Integer.MAX_VALUE, 1L), base.layout(), base.encoder());
        Path swapped = TestModels.write(TestModels.keywordClassifier(List.of("hello", "bye"), Map.of(
                "bye", List.of("hello", "hi", "morning"), "hello", List.of("goodbye", "bye"))),
                dir.resolve("greeting-v2.onnx"));
        Path original = dir.resolve("greeting.onnx");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong swaps = new AtomicLong();
        try (Grid grid = Grid.open(spec, dir, new OrtRuntime())) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        GridResponse r = grid.route(new TextRequest(i++ % 2 == 0 ? "hello" : "sunny"));
                        requests.incrementAndGet();
                        if (r.error() != null) {
                            if (r.error().code() == ErrorCode.TIMEOUT) {
                                timeouts.incrementAndGet();
                            } else if (other.incrementAndGet() < 5) {
                                System.out.println("error: " + r.error());
                            }
                        }
                    }
                }, "stress-" + t);
                workers.add(w);
                w.start();
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                grid.replaceExpert("greeting", swaps.getAndIncrement() % 2 == 0 ? swapped : original);
            }
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
        }
        System.out.printf("OK requests=%d swaps=%d timeouts=%d otherErrors=%d%n", requests.get(), swaps.get(),
                timeouts.get(), other.get());
    }
}
