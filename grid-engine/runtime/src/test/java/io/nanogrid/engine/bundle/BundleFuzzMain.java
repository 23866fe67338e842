package io.nanogrid.engine.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A larger fuzz run than CI's, with its figures printed. Arguments: mutated bundles, mutated models,
 * seed, then any model files to mutate besides the keyword classifier (defaults 10000 10000 1).
 *
 * <pre>./mvnw -o -q -pl grid-engine/runtime -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp grid-engine/runtime/target/test-classes:grid-engine/runtime/target/classes:$(cat grid-engine/runtime/target/test-classpath.txt) \
 *     io.nanogrid.engine.bundle.BundleFuzzMain 20000 20000 1 ../shared/data/models/cnn_mnist.onnx</pre>
 *
 * (exec:java does not fit: with -am it runs in every module of the reactor.)
 */
public final class BundleFuzzMain {
    private BundleFuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        int bundles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int models = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Path work = workFolder(Path.of(System.getProperty("java.io.tmpdir")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                BundleReader.deleteTree(work); // also when stopped with Ctrl-C
            } catch (RuntimeException e) {
                System.err.println("could not delete " + work + ": " + e.getMessage());
            }
        }));
        try {
            List<Path> extra = new ArrayList<>();
            for (int i = 3; i < args.length; i++) {
                extra.add(Path.of(args[i]));
            }
            BundleFuzzer.Result r = new BundleFuzzer(work, seed, BundleLimits.defaults(), extra).run(bundles, models);
            System.out.println(r.summary());
            r.strategies().forEach((k, v) -> System.out.println("  strategy " + k + ": " + v));
            r.reasons().forEach((k, v) -> System.out.println("  refused " + v + "x: " + k));
            r.unclear().stream().limit(3).forEach(c -> System.out.println("  UNCLEAR " + c));
            r.crashes().stream().limit(20).forEach(c -> System.out.println("  CRASH " + c));
            r.strayWrites().stream().limit(20).forEach(c -> System.out.println("  STRAY " + c));
            r.evilAccepted().stream().limit(20).forEach(c -> System.out.println("  ACCEPTED " + c));
            BundleReader.deleteTree(work);
            System.exit(r.clean() ? 0 : 1);
        } finally {
            BundleReader.deleteTree(work);
        }
    }

    /**
     * A fresh folder in memory (/dev/shm) when there is one, else in {@code fallback}: the run creates
     * and deletes thousands of folders, which is slow on disks mounted with discard.
     */
    static Path workFolder(Path fallback) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "nanogrid-fuzz-");
        }
        return Files.createTempDirectory(fallback, "nanogrid-fuzz-");
    }
}
