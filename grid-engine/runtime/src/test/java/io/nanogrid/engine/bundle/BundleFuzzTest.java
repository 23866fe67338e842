package io.nanogrid.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded fuzz run that CI does on every build: 1,000 mutated bundles and 1,000 bundles holding
 * mutated models (a keyword classifier, and the real user model cnn_mnist.onnx when ../shared/data
 * is there), imported for real with the models in ONNX Runtime. A larger run: {@link BundleFuzzMain}.
 */
class BundleFuzzTest {
    @TempDir
    Path tempDir;

    @Test
    void aThousandMutatedBundlesAndAThousandMutatedModelsGiveNoCrashNoStrayWriteAndClearErrors() throws IOException {
        Path work = BundleFuzzMain.workFolder(tempDir);
        BundleFuzzer.Result r;
        try {
            r = new BundleFuzzer(work, 20260101L, BundleLimits.defaults(), realModel()).run(1000, 1000);
        } finally {
            BundleReader.deleteTree(work);
        }
        System.out.println(r.summary());
        assertEquals(List.of(), r.crashes());
        assertEquals(List.of(), r.strayWrites());
        assertEquals(List.of(), r.unclear());
        assertEquals(List.of(), r.evilAccepted());
        assertEquals(2000, r.accepted() + r.refused());
        assertTrue(r.refused() > 1000, "most mutations are refused: " + r.summary());
        assertEquals(16, r.strategies().size(), "every strategy ran: " + r.strategies());
    }

    /** The real user model, when ../shared/data is there (the keyword classifier is always fuzzed). */
    static List<Path> realModel() {
        Path cnn = SharedData.dir().resolve("models/cnn_mnist.onnx");
        return Files.isRegularFile(cnn) ? List.of(cnn) : List.of();
    }
}
