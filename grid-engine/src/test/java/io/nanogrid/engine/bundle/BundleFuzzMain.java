package io.nanogrid.engine.bundle;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A larger fuzz run than CI's, with its figures printed.
 *
 * <pre>./mvnw -q -o -pl grid-engine -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.nanogrid.engine.bundle.BundleFuzzMain -Dexec.args="20000 20000 1"</pre>
 *
 * Arguments: mutated bundles, mutated models, seed (defaults 10000 10000 1).
 */
public final class BundleFuzzMain {
    private BundleFuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        int bundles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int models = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Path work = workFolder(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            BundleFuzzer.Result r = new BundleFuzzer(work, seed, BundleLimits.defaults()).run(bundles, models);
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
    static Path workFolder(Path fallback) throws java.io.IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "nanogrid-fuzz-");
        }
        return Files.createTempDirectory(fallback, "nanogrid-fuzz-");
    }
}
