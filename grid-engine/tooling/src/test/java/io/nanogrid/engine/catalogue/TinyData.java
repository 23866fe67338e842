package io.nanogrid.engine.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A one-dataset catalogue over files written by the test (so that the failure paths run without
 * ../shared/data): dataset "tiny" with files a/one.txt (about 300 KB) and a/two.txt.
 */
final class TinyData {
    static final String ONE = "a/one.txt";
    static final String TWO = "a/two.txt";

    private TinyData() {
    }

    /** Writes the files under {@code mirror} and returns a catalogue whose upstream URLs start with {@code upstream}. */
    static Catalogue write(Path mirror, String upstream) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append(" of the tiny dataset\n");
        }
        CatalogueFile one = file(mirror, ONE, text.toString(), upstream);
        CatalogueFile two = file(mirror, TWO, "two\n", upstream);
        CatalogueEntry entry = new CatalogueEntry("tiny", "A tiny dataset", "dataset", "testing", "this test",
                "CC0 1.0", "text", List.of(new CatalogueSplit("all", List.of(ONE, TWO), 20_001L)), List.of(one, two));
        return Catalogue.parse(new Catalogue(Catalogue.FORMAT_VERSION, List.of(entry)).toJson(), "tiny catalogue");
    }

    private static CatalogueFile file(Path mirror, String path, String content, String upstream) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            Path f = mirror.resolve(path);
            Files.createDirectories(f.getParent());
            Files.write(f, bytes);
            return new CatalogueFile(path, upstream + path, sha256(bytes), bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An address on 127.0.0.1 where nothing listens (the port was free a moment ago). */
    static String deadUpstream() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/upstream/";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under dir (the cache must hold nothing else after a failure). */
    static List<Path> files(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
