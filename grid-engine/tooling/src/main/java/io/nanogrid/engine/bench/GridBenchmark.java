package io.nanogrid.engine.bench;

import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.ProcessStats;
import io.nanogrid.engine.runtime.Stages;
import io.nanogrid.engine.task.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency and throughput of a grid under a fixed number of requests and threads, and the grid's
 * own overhead: its p50 against the sum of the p50s of the same stages (adapters, router session,
 * expert session) called directly on one thread, in alternating blocks of the same run; the
 * median of the per-block ratios is reported.
 */
public final class GridBenchmark {
    /**
     * @param requests    how many timed requests
     * @param concurrency threads
     * @param warmup      untimed requests first
     */
    public record Settings(int requests, int concurrency, int warmup) {
    }

    private final Settings settings;

    public GridBenchmark(Settings settings) {
        this.settings = settings;
    }

    public BenchReport run(Grid grid, String target, List<Request> samples, String source, int ortThreads,
            Progress progress) {
        for (int i = 0; i < settings.warmup(); i++) {
            grid.route(samples.get(i % samples.size()));
        }
        progress.update(0, settings.requests(), "timing " + settings.requests() + " requests");
        int threads = Math.max(1, settings.concurrency());
        List<Latencies> perThread = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int share = settings.requests() / threads + (t < settings.requests() % threads ? 1 : 0);
            int offset = t;
            Latencies lat = new Latencies(share);
            perThread.add(lat);
            Thread w = new Thread(() -> {
                for (int i = 0; i < share && !progress.cancelled(); i++) {
                    Request r = samples.get((offset + i * threads) % samples.size());
                    long t0 = System.nanoTime();
                    GridResponse resp = grid.route(r);
                    lat.add(System.nanoTime() - t0);
                    if (resp.error() != null) {
                        errors.incrementAndGet();
                    }
                    long d = done.incrementAndGet();
                    if (d % 1000 == 0) {
                        progress.update(d, settings.requests(), "timed " + d + " requests");
                    }
                }
            }, "nanogrid-bench-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.checkCancelled();
        Latencies all = new Latencies(settings.requests());
        perThread.forEach(all::addAll);
        Map<String, Double> stages = null;
        Double overhead = null;
        if (grid.spec().router() != null || !grid.spec().experts().isEmpty()) {
            Overhead o = overhead(grid, samples, Math.min(settings.requests(), 20_000));
            if (o != null) {
                stages = o.stagesP50;
                overhead = o.ratio;
            }
        }
        ProcessStats.settle();
        return new BenchReport(target, all.count(), threads, source, all.summary(), Latencies.round(all.count()
                / seconds), ProcessStats.rssBytes(), ProcessStats.heapUsedBytes(), errors.get(), overhead, stages,
                ortThreads);
    }

    private record Overhead(double ratio, Map<String, Double> stagesP50) {
    }

    /** One request's path through the stages, prepared once so that direct calls repeat it exactly. */
    private record Path(Request request, Map<String, Value> routerInputs, String expert,
            Map<String, Value> expertInputs) {
    }

    private Overhead overhead(Grid grid, List<Request> samples, int count) {
        Stages stages = grid.stages();
        List<Path> paths = new ArrayList<>();
        for (Request r : samples) {
            GridResponse resp = grid.route(r);
            String expert = resp.route();
            if (resp.error() != null || expert == null || expert.equals(GridSpec.FALLBACK_NODE)
                    || !stages.expertUsable(expert)) {
                continue;
            }
            Request encoded = stages.encode(r);
            paths.add(new Path(r, stages.hasRouter() ? stages.featurizeRouter(encoded) : null, expert,
                    stages.featurizeExpert(expert, encoded)));
        }
        if (paths.isEmpty()) {
            return null;
        }
        boolean encoding = grid.encoderDimensions() > 0;
        Latencies whole = new Latencies(count);
        Latencies enc = new Latencies(count);
        Latencies feat = new Latencies(count);
        Latencies router = new Latencies(count);
        Latencies expert = new Latencies(count);
        // Blocks of grid calls and direct stage calls alternate; each block pair gives one ratio, and
        // the median ratio is reported: machine drift (other load, frequency changes) cancels out.
        int block = 200;
        double[] ratios = new double[(count + block - 1) / block];
        for (int b = 0; b < ratios.length; b++) {
            Latencies bw = new Latencies(block);
            Latencies bn = new Latencies(block);
            Latencies bf = new Latencies(block);
            Latencies br = new Latencies(block);
            Latencies be = new Latencies(block);
            for (int i = b * block; i < (b + 1) * block; i++) {
                Path p = paths.get(i % paths.size());
                long t0 = System.nanoTime();
                grid.route(p.request());
                bw.add(System.nanoTime() - t0);
            }
            for (int i = b * block; i < (b + 1) * block; i++) {
                Path p = paths.get(i % paths.size());
                long tn = System.nanoTime();
                Request e = stages.encode(p.request());
                long t0 = System.nanoTime();
                if (stages.hasRouter()) {
                    stages.featurizeRouter(e);
                }
                stages.featurizeExpert(p.expert(), e);
                long t1 = System.nanoTime();
                if (stages.hasRouter()) {
                    stages.runRouter(p.routerInputs());
                }
                long t2 = System.nanoTime();
                stages.runExpert(p.expert(), p.expertInputs());
                long t3 = System.nanoTime();
                bn.add(t0 - tn);
                bf.add(t1 - t0);
                br.add(t2 - t1);
                be.add(t3 - t2);
            }
            ratios[b] = bw.percentileMicros(0.5) / ((encoding ? bn.percentileMicros(0.5) : 0)
                    + bf.percentileMicros(0.5) + br.percentileMicros(0.5) + be.percentileMicros(0.5));
            whole.addAll(bw);
            enc.addAll(bn);
            feat.addAll(bf);
            router.addAll(br);
            expert.addAll(be);
        }
        Arrays.sort(ratios);
        double ratio = ratios[ratios.length / 2];
        Map<String, Double> p50 = new LinkedHashMap<>();
        if (encoding) {
            p50.put("encoder", Latencies.round(enc.percentileMicros(0.5)));
        }
        p50.put("featurize", Latencies.round(feat.percentileMicros(0.5)));
        p50.put("router", Latencies.round(router.percentileMicros(0.5)));
        p50.put("expert", Latencies.round(expert.percentileMicros(0.5)));
        p50.put("grid", Latencies.round(whole.percentileMicros(0.5)));
        return new Overhead(Math.round(ratio * 1000) / 1000.0, p50);
    }
}
