package io.nanogrid.engine.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.MirrorServer;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real catalogue pulled through a real HTTP server on 127.0.0.1 that serves ../shared/data. */
class SharedDataPullTest {
    @TempDir
    Path cache;

    @Test
    void pullsRealDatasetsThroughTheLoopbackMirrorAndTheSecondPullMakesNoRequest() {
        Path shared = SharedData.require("text/sst2/train.tsv").getParent().getParent().getParent();
        try (MirrorServer server = MirrorServer.serving(shared)) {
            DataStore store = new DataStore(Catalogue.builtIn(), new DataSettings(cache,
                    new Mirror.Server(server.base())), Fetcher.defaultClient());
            for (String name : List.of("sst2", "mnist", "cnn_mnist")) {
                int before = server.requests();
                PullReport first = store.pull(name, Progress.NONE);
                int files = store.catalogue().entry(name).files().size();
                assertEquals(before + files, server.requests(), name);
                assertEquals(first.bytes(), first.fetchedBytes());
                PullReport second = store.pull(name, Progress.NONE);
                assertEquals(before + files, server.requests(), name + ": a second pull makes no request");
                assertEquals(0, second.fetchedBytes());
                System.out.printf(Locale.ROOT, "data pull %s: %.1f MB, first %.3f s, second %.3f s%n", name,
                        first.bytes() / 1048576.0, first.seconds(), second.seconds());
                assertTrue(second.seconds() < first.seconds() + 0.5, "the second pull is no slower");
            }
            Path dev = store.file("sst2", "text/sst2/dev.tsv", Progress.NONE);
            assertEquals(cache.resolve("data/text/sst2/dev.tsv"), dev);
        }
    }
}
