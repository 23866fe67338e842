package io.nanogrid.app;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.app.monitor.MonitorChart;
import io.nanogrid.app.monitor.MonitorView;
import io.nanogrid.app.monitor.MonitorViewModel;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.ort.OrtRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * How responsive the workbench stays while the monitor runs load: the whole window (1400x880,
 * headless Monocle, software rendering, as the snapshot uses) on the sample grid, the Monitor tab
 * showing, two load threads. Prints, per run:
 *
 * <ul>
 *   <li>FX event latency: a probe thread posts a runnable to the FX thread every 5 ms and records how
 *       long it waited to run; its maximum is the FX thread's longest stall as a user's click would feel it;
 *   <li>frame gaps: the time between consecutive pulses seen by an AnimationTimer (60 Hz when idle);
 *   <li>chart refresh rate: canvas redraws per second of each chart (counted in MonitorChart.redrawCanvas).
 * </ul>
 *
 * Arguments: seconds per run (default 20), then the rates to run at (default: -1 = no load, the
 * window idle, for comparison; 1000; and 0 = as fast as two threads can). Run:
 *
 * <pre>./nanogrid help &gt;/dev/null    # builds app/target/lib
 * ./mvnw -o -q -pl app -am test-compile
 * java -cp "app/target/test-classes:app/target/classes:app/target/lib/*" \
 *     io.nanogrid.app.MonitorResponsivenessMain 20 -1 1000 0</pre>
 *
 * (The segmentation fault this JVM once died of with the longer test class path was ONNX Runtime
 * 1.29 on a long command line, which OrtEnvironmentHolder now avoids.)
 */
public final class MonitorResponsivenessMain {
    private MonitorResponsivenessMain() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int[] rates = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {-1, 1000, 0};
        System.setProperty("java.awt.headless", "true");
        FxToolkit.useHeadless();
        WorkbenchSettings defaults = WorkbenchSettings.defaults();
        Path grid = defaults.sampleGrid();
        if (grid == null) {
            grid = Path.of("sample-grids", "text-assistant", "grid.json").toAbsolutePath();
        }
        Path config = Files.createTempDirectory("nanogrid-responsiveness");
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "nanogrid-work");
            t.setDaemon(true);
            return t;
        });
        Path gridFile = grid;
        Object[] state = FxToolkit.call(() -> {
            MainViewModel vm = new MainViewModel(new WorkbenchSettings(config, defaults.samplesDir()),
                    new OrtRuntime(), new TaskRunner(pool));
            MainWindow window = new MainWindow(vm);
            Stage stage = new Stage();
            stage.setScene(new Scene(window.root(), Snapshots.WIDTH, Snapshots.HEIGHT));
            window.attach(stage);
            stage.show();
            vm.open(gridFile);
            window.showView("monitor");
            return new Object[] {vm, window};
        }, 60);
        MainViewModel vm = (MainViewModel) state[0];
        MonitorViewModel m = vm.monitor();
        while (!FxToolkit.call(() -> m.canStart().get(), 10)) {
            Thread.sleep(50);
        }
        MonitorView view = FxToolkit.call(() -> (MonitorView) ((MainWindow) state[1]).root().lookup(".monitor"), 10);
        System.out.printf(Locale.ROOT, "window %dx%d, %d cores, %s, load average before: %s%n", Snapshots.WIDTH,
                Snapshots.HEIGHT, Runtime.getRuntime().availableProcessors(), System.getProperty("prism.order"),
                loadAverage());
        for (int rate : rates) {
            run(m, view, rate, seconds);
        }
        FxToolkit.call(() -> {
            vm.close();
            return null;
        }, 10);
        pool.shutdownNow();
        Platform.exit();
    }

    /** @param rate requests/s; 0: unpaced; -1: no load at all (the window idle on the Monitor tab) */
    private static void run(MonitorViewModel m, MonitorView view, int rate, int seconds) throws Exception {
        if (rate >= 0) {
            FxToolkit.call(() -> {
                m.rate().set(rate);
                m.concurrency().set(2);
                m.start();
                return null;
            }, 10);
            while (!FxToolkit.call(() -> m.running().get(), 10)) {
                Thread.sleep(50);
            }
        }
        Thread.sleep(3_000); // warm-up: JIT, the series fill
        long[] frames = new long[seconds * 200 + 1000];
        int[] frameCount = {0};
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (frameCount[0] < frames.length) {
                    frames[frameCount[0]++] = System.nanoTime();
                }
            }
        };
        FxToolkit.call(() -> {
            timer.start();
            return null;
        }, 10);
        long[] probe = new long[seconds * 250 + 1000];
        int[] probeCount = {0};
        AtomicBoolean probing = new AtomicBoolean(true);
        ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fx-probe");
            t.setDaemon(true);
            return t;
        });
        prober.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> {
                if (probing.get() && probeCount[0] < probe.length) {
                    probe[probeCount[0]++] = System.nanoTime() - posted;
                }
            });
        }, 0, 5, TimeUnit.MILLISECONDS);
        List<MonitorChart> charts = view.charts();
        long[] redraws0 = charts.stream().mapToLong(MonitorChart::redraws).toArray();
        long requests0 = FxToolkit.call(() -> m.requestsDone().get(), 10);
        Map<String, Long> cpu0 = cpuByThread();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] redraws1 = charts.stream().mapToLong(MonitorChart::redraws).toArray();
        long requests1 = FxToolkit.call(() -> m.requestsDone().get(), 10);
        Map<String, Long> cpu1 = cpuByThread();
        probing.set(false);
        prober.shutdownNow();
        FxToolkit.call(() -> {
            timer.stop();
            m.stop();
            return null;
        }, 10);
        String[] names = {"latency", "throughput", "memory", "expert bars"};
        StringBuilder refresh = new StringBuilder();
        for (int i = 0; i < charts.size(); i++) {
            refresh.append(String.format(Locale.ROOT, "%s %.1f/s  ", names[i], (redraws1[i] - redraws0[i]) / elapsed));
        }
        long[] lat = Arrays.copyOf(probe, probeCount[0]);
        Arrays.sort(lat);
        long[] gaps = new long[Math.max(0, frameCount[0] - 1)];
        for (int i = 1; i < frameCount[0]; i++) {
            gaps[i - 1] = frames[i] - frames[i - 1];
        }
        Arrays.sort(gaps);
        System.out.printf(Locale.ROOT, "%n%s, %.1f s: %,.0f requests/s answered%n", rate > 0 ? "rate " + rate
                + " requests/s, 2 threads" : rate == 0 ? "unpaced, 2 threads" : "no load (monitor idle)", elapsed,
                (requests1 - requests0) / elapsed);
        System.out.printf(Locale.ROOT, "  FX event latency (%d probes): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                lat.length, ms(pct(lat, 0.5)), ms(pct(lat, 0.99)), ms(pct(lat, 1.0)));
        System.out.printf(Locale.ROOT, "  frame gaps (%d frames, %.1f fps): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                gaps.length, gaps.length / elapsed, ms(pct(gaps, 0.5)), ms(pct(gaps, 0.99)), ms(pct(gaps, 1.0)));
        System.out.printf(Locale.ROOT, "  chart redraws: %s%n", refresh.toString().trim());
        StringBuilder cpu = new StringBuilder();
        for (String t : List.of("JavaFX Application Thread", "QuantumRenderer-0", "nanogrid-load", "chartfx")) {
            cpu.append(String.format(Locale.ROOT, "%s %.0f%%  ", t.startsWith("Java") ? "FX thread" : t,
                    100.0 * (cpu1.getOrDefault(t, 0L) - cpu0.getOrDefault(t, 0L)) / 1e9 / elapsed));
        }
        System.out.printf(Locale.ROOT, "  CPU (%% of one core): %s%n", cpu.toString().trim());
        System.out.printf(Locale.ROOT, "  load average after: %s%n", loadAverage());
    }

    /** CPU time by thread, the load threads and ChartFX's pool summed under one name each. */
    private static Map<String, Long> cpuByThread() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().startsWith("nanogrid-load") ? "nanogrid-load"
                    : t.getName().contains("chartfx") ? "chartfx" : t.getName();
            out.merge(name, Math.max(0, mx.getThreadCpuTime(t.getId())), Long::sum);
        }
        return out;
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
