package io.nanogrid.engine.serve;

import io.nanogrid.engine.bundle.BitsProfile;
import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.bundle.BundleWriter;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.ResilienceSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.TestGridsAccess;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.TestModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Real bundles of the three-model test grid (router over greeting and weather), exported with
 * BundleWriter, and servers started on them on 127.0.0.1 with a free port.
 */
public final class ServeFixtures {
    /** Requests of the test grid's routes, as POST /v1/route bodies. */
    static final List<String> BODIES = List.of(Http.text("hello"), Http.text("will it rain? the forecast says cloud"),
            Http.text("good morning"), Http.text("sunny"), Http.text("bye"), Http.text("quarterly revenue grew"));

    public static final OrtRuntime RUNTIME = new OrtRuntime();

    private ServeFixtures() {
    }

    /** The three-model grid as written by the test helper, exported to dir/NAME.ngrid. */
    public static Path bundle(Path dir, String name) {
        return bundle(dir, name, g -> { });
    }

    /**
     * Version 2: the greeting expert answers the opposite labels ("hello" -> bye), so a test sees which
     * generation answered.
     */
    public static Path flippedBundle(Path dir, String name) {
        return bundle(dir, name, g -> writeFlippedGreeting(g.resolve("greeting.onnx")));
    }

    /** The weather expert runs a Loop of {@code iterations} matrix products: slow on purpose. */
    public static Path slowBundle(Path dir, String name, long iterations) {
        return bundle(dir, name, g -> TestModels.write(TestModels.slow(List.of("sunny", "rainy"), iterations),
                g.resolve("weather.onnx")));
    }

    /**
     * The weather expert runs a Loop of {@code iterations} matrix products, and the grid's time limit per
     * expert call is {@code limitMillis}: a test sets it far from the work it times.
     */
    public static Path slowBundle(Path dir, String name, long iterations, long limitMillis) {
        return bundle(dir, name, g -> TestModels.write(TestModels.slow(List.of("sunny", "rainy"), iterations),
                g.resolve("weather.onnx")), limitMillis);
    }

    /** A greeting model that answers "bye" for hello and "hello" for bye. */
    public static Path writeFlippedGreeting(Path file) {
        return TestModels.write(TestModels.keywordClassifier(List.of("hello", "bye"), Map.of(
                "bye", List.of("hello", "hi", "morning"), "hello", List.of("goodbye", "bye"))), file);
    }

    private static Path bundle(Path dir, String name, Consumer<Path> change) {
        return bundle(dir, name, change, null);
    }

    private static Path bundle(Path dir, String name, Consumer<Path> change, Long limitMillis) {
        try {
            Path g = Files.createDirectories(dir.resolve(name + "-grid"));
            GridSpec spec = TestGridsAccess.threeModels(g);
            if (limitMillis != null) {
                ResilienceSpec r = spec.resilience();
                spec = new GridSpec(spec.formatVersion(), spec.name(), spec.description(), spec.router(),
                        spec.experts(), new ResilienceSpec(limitMillis, r.breakerFailures(), r.breakerCoolDownMs()),
                        spec.layout());
            }
            change.accept(g);
            Path grid = g.resolve("grid.json");
            GridFiles.write(spec, grid);
            Path bundle = dir.resolve(name + ".ngrid");
            new BundleWriter(RUNTIME, RUNTIME.version()).export(grid, bundle, BitsProfile.none(), Progress.NONE);
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The grid file the bundle was exported from (what the workbench opens). */
    public static Path gridFile(Path dir, String name) {
        return dir.resolve(name + "-grid").resolve("grid.json");
    }

    /** A server on a free loopback port with the given settings, its log kept in {@code log}. */
    public static GridServer start(Path bundle, ServeSettings settings, Path workDir, StringWriter log) {
        return start(bundle, settings, workDir, log, System::nanoTime);
    }

    /** As {@link #start(Path, ServeSettings, Path, StringWriter)}, the connection guard's clock driven by the test. */
    static GridServer start(Path bundle, ServeSettings settings, Path workDir, StringWriter log, LongSupplier clock) {
        try {
            Files.createDirectories(workDir);
            return GridServer.start(bundle, settings.withPort(0), RUNTIME, BundleLimits.defaults(), workDir,
                    new PrintWriter(log, true), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The defaults on a free port, with updates open to the tests on loopback (as --allow-unauthenticated-updates). */
    public static ServeSettings settings() {
        return ServeSettings.defaults().withPort(0).withDrainSeconds(5).withOpenUpdates(true);
    }
}
