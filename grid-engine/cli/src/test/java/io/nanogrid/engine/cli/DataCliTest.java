package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.nanogrid.engine.testing.MirrorServer;
import io.nanogrid.engine.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nanogrid data list` and `nanogrid data pull` through a real HTTP server on 127.0.0.1 serving ../shared/data. */
class DataCliTest {
    @TempDir
    Path dir;

    private static String oneLine(CliRun r) {
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("nanogrid: "), r.toString());
        return lines.get(0);
    }

    @Test
    void listsTheCatalogue() {
        CliRun r = CliRun.of("data", "list", "--cache", dir.toString());
        assertEquals(Cli.OK, r.exit(), r.toString());
        for (String name : List.of("sst2", "sms_spam", "agnews", "snips", "langid", "mnist", "cnn_mnist")) {
            assertTrue(r.out().contains(name), name);
        }
        assertTrue(r.out().contains("CC BY 4.0"), r.out());
        JsonObject j = CliRun.of("data", "list", "--json", "--cache", dir.toString()).json();
        assertEquals(1, j.get("formatVersion").getAsInt());
        JsonArray ds = j.getAsJsonArray("datasets");
        assertEquals(7, ds.size());
        JsonObject sst2 = ds.get(0).getAsJsonObject();
        for (String key : List.of("name", "task", "upstream", "licence", "format", "splits", "files", "cached")) {
            assertTrue(sst2.has(key), key);
        }
        assertFalse(sst2.get("cached").getAsBoolean());
    }

    @Test
    void pullsThroughALoopbackMirrorAndASecondPullIsInstant() {
        Path shared = SharedData.require("text/sst2/dev.tsv").getParent().getParent().getParent();
        Path cache = dir.resolve("cache");
        try (MirrorServer server = MirrorServer.serving(shared)) {
            CliRun first = CliRun.of("data", "pull", "sst2", "--mirror", server.base().toString(), "--cache",
                    cache.toString(), "--json");
            assertEquals(Cli.OK, first.exit(), first.toString());
            assertEquals(2, server.requests());
            assertEquals(3806077 + 94927, first.json().get("fetchedBytes").getAsLong());
            CliRun second = CliRun.of("data", "pull", "sst2", "--mirror", server.base().toString(), "--cache",
                    cache.toString());
            assertEquals(Cli.OK, second.exit(), second.toString());
            assertEquals(2, server.requests(), "no request on the second pull");
            assertTrue(second.out().contains("all cached"), second.out());
            assertTrue(second.out().contains(cache.resolve("data/text/sst2/dev.tsv").toString()), second.out());
            assertTrue(CliRun.of("data", "list", "--cache", cache.toString()).out().lines()
                    .anyMatch(l -> l.startsWith("sst2 ") && l.endsWith("yes")));
        }
    }

    @Test
    void aWrongChecksumIsExit1AndLeavesNoPartialFile() throws Exception {
        Path shared = SharedData.require("models/cnn_mnist.onnx").getParent().getParent();
        Path cache = dir.resolve("cache");
        try (MirrorServer server = MirrorServer.serving(shared).corrupting()) {
            CliRun r = CliRun.of("data", "pull", "cnn_mnist", "--mirror", server.base().toString(), "--cache",
                    cache.toString());
            assertEquals(Cli.PROBLEM, r.exit(), r.toString());
            String line = oneLine(r);
            assertTrue(line.contains("dataset 'cnn_mnist': models/cnn_mnist.onnx from " + server.base()), line);
            assertTrue(line.contains("wrong checksum"), line);
            assertTrue(line.endsWith("the partial download was deleted"), line);
            try (Stream<Path> s = Files.walk(cache)) {
                assertEquals(List.of(), s.filter(Files::isRegularFile).toList());
            }
        }
    }

    @Test
    void a404IsExit1WithTheAddress() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (MirrorServer server = MirrorServer.serving(empty)) {
            CliRun r = CliRun.of("data", "pull", "cnn_mnist", "--mirror", server.base().toString(), "--cache",
                    dir.resolve("cache").toString());
            assertEquals(Cli.PROBLEM, r.exit(), r.toString());
            assertTrue(oneLine(r).contains("HTTP 404 from " + server.base() + "models/cnn_mnist.onnx"), r.toString());
        }
    }

    @Test
    void unknownNamesAndBadMirrorsAreExit2() {
        CliRun r = CliRun.of("data", "pull", "imagenet", "--cache", dir.toString());
        assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
        assertEquals("nanogrid: no dataset 'imagenet' in the catalogue; expected one of [sst2, sms_spam, agnews, "
                + "snips, langid, mnist, cnn_mnist]", oneLine(r));
        CliRun m = CliRun.of("data", "pull", "sst2", "--mirror", dir.resolve("absent").toString(), "--cache",
                dir.toString());
        assertEquals(Cli.BAD_INPUT, m.exit(), m.toString());
        assertTrue(oneLine(m).startsWith("nanogrid: --mirror: " + dir.resolve("absent") + " is not a folder"), m
                .toString());
    }
}
