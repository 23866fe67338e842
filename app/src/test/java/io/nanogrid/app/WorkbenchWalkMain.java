package io.nanogrid.app;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.MainWindow;
import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.ort.OrtRuntime;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * What a person feels walking through the workbench: the whole window (1400x880, headless Monocle, software
 * rendering) on the sample grid. Prints
 * <ul>
 *   <li>tab switches: from the click (selecting the tab on the FX thread) to the end of the next layout pulse
 *       that shows it, for the first visit of each tab (its view is built then) and a later one, idle and
 *       while the monitor runs load;
 *   <li>resident memory (VmRSS) and heap in use (after a full GC) fresh, then after the labs' work: the router
 *       lab's data and evaluation, a quantization sweep, the monitor running for a while.
 * </ul>
 * {@code --prebuilt}: the labs' views are built once the window shows, as the app does
 * ({@link MainWindow#buildViewsWhenIdle}); without it, on their first visit. Run with the JVM options to compare
 * (e.g. with and without -Xmx), each in its own process:
 *
 * <pre>./nanogrid --version &gt;/dev/null; ./mvnw -o -q -pl app -am test-compile
 * java [options] -cp "app/target/test-classes:app/target/classes:app/target/lib/*" io.nanogrid.app.WorkbenchWalkMain</pre>
 */
public final class WorkbenchWalkMain {
    private static final List<String> TABS = List.of("designer", "router", "quant", "monitor");

    private WorkbenchWalkMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        FxToolkit.useHeadless();
        WorkbenchSettings defaults = WorkbenchSettings.defaults();
        Path grid = defaults.sampleGrid() != null ? defaults.sampleGrid()
                : Path.of("sample-grids", "text-assistant", "grid.json").toAbsolutePath();
        Path config = Files.createTempDirectory("nanogrid-walk");
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "nanogrid-work");
            t.setDaemon(true);
            return t;
        });
        Object[] state = FxToolkit.call(() -> {
            MainViewModel vm = new MainViewModel(new WorkbenchSettings(config, defaults.samplesDir(),
                    defaults.dataDir()), new OrtRuntime(), new TaskRunner(pool));
            MainWindow window = new MainWindow(vm);
            Stage stage = new Stage();
            stage.setScene(new Scene(window.root(), Snapshots.WIDTH, Snapshots.HEIGHT));
            window.attach(stage);
            stage.show();
            vm.open(grid);
            return new Object[] {vm, window, stage};
        }, 60);
        MainViewModel vm = (MainViewModel) state[0];
        MainWindow window = (MainWindow) state[1];
        Scene scene = ((Stage) state[2]).getScene();
        waitFor(() -> vm.session().gridProperty().get() != null, 120);
        boolean prebuilt = List.of(args).contains("--prebuilt");
        if (prebuilt) { // as the app does once its window shows
            FxToolkit.call(() -> {
                window.buildViewsWhenIdle(javafx.util.Duration.seconds(1.5), javafx.util.Duration.millis(300));
                return null;
            }, 10);
            Thread.sleep(3_000);
        }
        Thread.sleep(2_000);
        System.out.println(prebuilt ? "labs' views built when idle, as the app does" : "labs' views built on first visit");
        System.out.printf(Locale.ROOT, "window %dx%d, %d cores, max heap %d MB, datasets %s, load average %s%n",
                Snapshots.WIDTH, Snapshots.HEIGHT, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, defaults.dataDir(), loadAverage());
        memory("fresh (sample grid open)");

        System.out.println("tab switches, idle (ms: first visit builds the view)");
        for (String tab : TABS) {
            double ms = switchTo(window, scene, tab);
            System.out.printf(Locale.ROOT, "  %-8s first %6.1f (building the view %.1f)%n", tab, ms, lastBuild);
        }
        for (int round = 0; round < 2; round++) {
            StringBuilder line = new StringBuilder("  later   ");
            for (String tab : TABS) {
                line.append(String.format(Locale.ROOT, " %s %.1f", tab, switchTo(window, scene, tab)));
            }
            System.out.println(line);
        }

        // the labs' work
        FxToolkit.call(() -> {
            vm.routerLab().loadData();
            return null;
        }, 10);
        waitIdle(vm);
        FxToolkit.call(() -> {
            vm.routerLab().evaluateCurrent();
            return null;
        }, 10);
        waitIdle(vm);
        FxToolkit.call(() -> {
            vm.quantLab().runSweep();
            return null;
        }, 10);
        waitIdle(vm);
        System.out.println("router lab: " + FxToolkit.call(() -> vm.routerLab().message().get(), 10));
        System.out.println("quantization lab: " + FxToolkit.call(() -> vm.quantLab().message().get(), 10));
        FxToolkit.call(() -> {
            vm.monitor().rate().set(0);
            vm.monitor().concurrency().set(2);
            vm.monitor().start();
            return null;
        }, 10);
        Thread.sleep(5_000);
        System.out.println("tab switches while the monitor runs load (ms)");
        for (int round = 0; round < 4; round++) {
            StringBuilder line = new StringBuilder(" ");
            for (String tab : TABS) {
                line.append(String.format(Locale.ROOT, " %s %.1f", tab, switchTo(window, scene, tab)));
            }
            System.out.println(line);
        }
        Thread.sleep(10_000);
        FxToolkit.call(() -> {
            vm.monitor().stop();
            return null;
        }, 10);
        Thread.sleep(1_000);
        memory("after the labs and 17 s of monitor load");
        Thread.sleep(10_000);
        memory("10 s later, idle");
        FxToolkit.call(() -> {
            vm.close();
            return null;
        }, 10);
        pool.shutdownNow();
        Platform.exit();
    }

    /** Selects the tab and returns the ms until the layout pulse after it has run. */
    private static double switchTo(MainWindow window, Scene scene, String tab) throws InterruptedException {
        Thread.sleep(300);
        CountDownLatch laidOut = new CountDownLatch(1);
        long[] t = new long[3];
        Platform.runLater(() -> {
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                t[1] = System.nanoTime();
                scene.removePostLayoutPulseListener(listener[0]);
                laidOut.countDown();
            };
            t[0] = System.nanoTime();
            window.showView(tab);
            t[2] = System.nanoTime();
            scene.addPostLayoutPulseListener(listener[0]);
            Platform.requestNextPulse();
        });
        if (!laidOut.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no pulse after selecting " + tab);
        }
        lastBuild = (t[2] - t[0]) / 1e6;
        return (t[1] - t[0]) / 1e6;
    }

    /** Of the last switch, the ms spent in the tab's selection itself (building a view on its first visit). */
    private static double lastBuild;

    private static void memory(String when) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "memory %s: resident %d MB, heap used after GC %d MB of %d MB committed, "
                + "non-heap %d MB%n", when, rss() >> 20, heapUsed >> 20, rt.totalMemory() >> 20,
                ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed() >> 20);
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private static void waitIdle(MainViewModel vm) throws InterruptedException {
        Thread.sleep(200);
        waitFor(() -> vm.tasks().running().isEmpty(), 1800);
    }

    private static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!FxToolkit.call(condition::getAsBoolean, 30)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
