package io.nanogrid.engine.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.task.CancelledException;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.MirrorServer;
import io.nanogrid.files.BadInputException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data store against a real HTTP server on 127.0.0.1, with a tiny catalogue written by the test. */
class DataStoreTest {
    @TempDir
    Path dir;

    private Path mirrorDir() {
        return dir.resolve("mirror");
    }

    private Path cache() {
        return dir.resolve("cache");
    }

    private DataStore store(Catalogue c, Mirror mirror) {
        return new DataStore(c, new DataSettings(cache(), mirror), Fetcher.defaultClient());
    }

    @Test
    void pullsThroughTheServerOnceThenServesTheCacheWithoutARequest() throws Exception {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        try (MirrorServer server = MirrorServer.serving(mirrorDir())) {
            DataStore store = store(c, new Mirror.Server(server.base()));
            PullReport first = store.pull("tiny", Progress.NONE);
            assertEquals(2, server.requests());
            assertEquals(first.bytes(), first.fetchedBytes());
            for (PulledFile f : first.files()) {
                assertTrue(f.source().startsWith(server.base().toString()), f.source());
                assertArrayEquals(Files.readAllBytes(mirrorDir().resolve(f.path())), Files.readAllBytes(Path.of(
                        f.local())));
            }
            PullReport second = store.pull("tiny", Progress.NONE);
            assertEquals(2, server.requests(), "a second pull makes no request");
            assertEquals(0, second.fetchedBytes());
            assertTrue(second.files().stream().noneMatch(PulledFile::fetched));
            assertEquals(List.of(cache().resolve("data/a/one.txt"), cache().resolve("data/a/two.txt")),
                    TinyData.files(cache()), "nothing but the files in the cache");
        }
    }

    @Test
    void aWrongChecksumDeletesThePartialFileAndSaysSo() {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        try (MirrorServer server = MirrorServer.serving(mirrorDir()).corrupting()) {
            DownloadException e = assertThrows(DownloadException.class,
                    () -> store(c, new Mirror.Server(server.base())).pull("tiny", Progress.NONE));
            assertTrue(e.getMessage().contains("dataset 'tiny': a/one.txt from " + server.base() + "a/one.txt: "
                    + "wrong checksum"), e.getMessage());
            assertTrue(e.getMessage().endsWith("the partial download was deleted"), e.getMessage());
            assertEquals(List.of(), TinyData.files(cache()), "no partial file left");
        }
    }

    @Test
    void aServerSendingMoreThanTheCatalogueSizeIsCutOff() {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        try (MirrorServer server = MirrorServer.serving(mirrorDir()).oversized()) {
            DownloadException e = assertThrows(DownloadException.class,
                    () -> store(c, new Mirror.Server(server.base())).pull("tiny", Progress.NONE));
            assertTrue(e.getMessage().contains("sent more than the expected"), e.getMessage());
            assertEquals(List.of(), TinyData.files(cache()));
        }
    }

    @Test
    void a404NamesTheFileAndTheAddress() throws Exception {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (MirrorServer server = MirrorServer.serving(empty)) {
            DownloadException e = assertThrows(DownloadException.class,
                    () -> store(c, new Mirror.Server(server.base())).pull("tiny", Progress.NONE));
            assertTrue(e.getMessage().startsWith("dataset 'tiny': a/one.txt: HTTP 404 from " + server.base()
                    + "a/one.txt"), e.getMessage());
            assertEquals(List.of(), TinyData.files(cache()));
        }
    }

    @Test
    void offlineWithoutAMirrorNamesTheDatasetTheUrlAndTheMirrorOption() {
        String upstream = TinyData.deadUpstream();
        Catalogue c = TinyData.write(mirrorDir(), upstream);
        DownloadException e = assertThrows(DownloadException.class, () -> store(c, null).pull("tiny",
                Progress.NONE));
        assertTrue(e.getMessage().startsWith("dataset 'tiny': cannot download a/one.txt from " + upstream
                + "a/one.txt: "), e.getMessage());
        assertTrue(e.getMessage().contains("--mirror DIR|URL"), e.getMessage());
        assertEquals(List.of(), TinyData.files(cache()));
    }

    @Test
    void aFolderMirrorIsCopiedAndVerified() {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        PullReport r = store(c, new Mirror.Folder(mirrorDir())).pull("tiny", Progress.NONE);
        assertEquals(r.bytes(), r.fetchedBytes());
        assertEquals(mirrorDir().resolve("a/one.txt").toString(), r.files().get(0).source());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> Mirror.parse(dir.resolve("nowhere").toString(), "--mirror"));
        assertTrue(missing.getMessage().startsWith("--mirror: "), missing.getMessage());
    }

    @Test
    void aFolderMirrorWithoutTheFileSaysWhichFileAndFolder() throws Exception {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        Files.delete(mirrorDir().resolve("a/two.txt"));
        DownloadException e = assertThrows(DownloadException.class,
                () -> store(c, new Mirror.Folder(mirrorDir())).pull("tiny", Progress.NONE));
        assertEquals("dataset 'tiny': a/two.txt is not in the mirror folder " + mirrorDir(), e.getMessage());
    }

    @Test
    void aCorruptCachedCopyIsFetchedAgain() throws Exception {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        try (MirrorServer server = MirrorServer.serving(mirrorDir())) {
            DataStore store = store(c, new Mirror.Server(server.base()));
            Path one = store.file("tiny", TinyData.ONE, Progress.NONE);
            assertEquals(1, server.requests(), "one file resolved, one request");
            byte[] good = Files.readAllBytes(one);
            byte[] bad = good.clone();
            bad[10] ^= 1;
            Files.write(one, bad);
            assertEquals(one, store.file("tiny", TinyData.ONE, Progress.NONE));
            assertEquals(2, server.requests());
            assertArrayEquals(good, Files.readAllBytes(one));
        }
    }

    @Test
    void cancellingStopsTheDownloadAndLeavesNothing() {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        AtomicInteger updates = new AtomicInteger();
        Progress cancelAfterFirst = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                updates.incrementAndGet();
            }

            @Override
            public boolean cancelled() {
                return updates.get() > 0;
            }
        };
        try (MirrorServer server = MirrorServer.serving(mirrorDir())) {
            assertThrows(CancelledException.class,
                    () -> store(c, new Mirror.Server(server.base())).pull("tiny", cancelAfterFirst));
            assertEquals(List.of(), TinyData.files(cache()));
        }
    }

    @Test
    void unknownNamesListTheNamesThereAre() {
        Catalogue c = TinyData.write(mirrorDir(), TinyData.deadUpstream());
        DataStore store = store(c, null);
        BadInputException e = assertThrows(BadInputException.class, () -> store.pull("sst3", Progress.NONE));
        assertEquals("no dataset 'sst3' in the catalogue; expected one of [tiny]", e.getMessage());
        BadInputException f = assertThrows(BadInputException.class, () -> store.file("tiny", "a/three.txt",
                Progress.NONE));
        assertTrue(f.getMessage().contains("expected one of [a/one.txt, a/two.txt]"), f.getMessage());
        BadInputException s = assertThrows(BadInputException.class, () -> store.split("tiny", "train",
                Progress.NONE));
        assertTrue(s.getMessage().contains("expected one of [all]"), s.getMessage());
    }

    @Test
    void mirrorUrlsKeepTheBasePath() {
        Mirror.Server m = new Mirror.Server(URI.create("http://host:8080/mirror/data"));
        assertEquals("http://host:8080/mirror/data/text/sst2/dev.tsv", m.locate("text/sst2/dev.tsv"));
    }
}
