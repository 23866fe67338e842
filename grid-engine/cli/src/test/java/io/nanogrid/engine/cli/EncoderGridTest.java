package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.serve.GridServer;
import io.nanogrid.engine.serve.Http;
import io.nanogrid.engine.serve.ServeFixtures;
import io.nanogrid.engine.testing.MiniLm;
import io.nanogrid.files.CacheFolders;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One compact shared encoder (all-MiniLM-L6-v2), many light heads, built with the command line: train two
 * heads on the encoder (their embeddings cached), a grid with the encoder, the heads added with their data,
 * the router trained as a head too; it answers with the encoder timed as its own stage, exports with the
 * encoder once, and serves.
 */
class EncoderGridTest {
    private static final String[] CITIES = {"Paris", "Berlin", "Oslo", "Lima", "Cairo", "Tokyo", "Quito", "Dakar",
        "Perth", "Hanoi", "Riga", "Bern"};
    private static final String[] MUSIC = {"jazz", "blues", "techno", "folk", "reggae", "opera", "salsa", "grunge",
        "disco", "country", "soul", "punk"};

    @TempDir
    Path dir;

    @Test
    void headsOnASharedEncoderRouteAnswerExportAndServe() throws Exception {
        Path weather = table("weather.tsv", "rain", "will it rain in %s tomorrow", "do I need an umbrella in %s today",
                "sun", "will it be sunny in %s this weekend", "is the sky clear over %s now");
        Path music = table("music.tsv", "play", "play some %s music", "put on my %s songs",
                "add", "add this %s track to my playlist", "save the %s album to my library", MUSIC);
        Path enc = MiniLm.model();
        Path tok = MiniLm.tokenizer();
        for (String head : List.of("weather", "music")) {
            CliRun r = CliRun.of("train", "--encoder", enc.toString(), "--tokenizer", tok.toString(), "--data",
                    dir.resolve(head + ".tsv").toString(), "-o", dir.resolve(head + ".onnx").toString(), "--json");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.json().getAsJsonObject("heldOut").get("accuracy").getAsDouble() >= 0.9, r.out());
        }
        CliRun mixed = CliRun.of("train", "--encoder", enc.toString(), "--tokenizer", tok.toString(), "--data",
                music.toString(), "--with-ngrams", "-o", dir.resolve("music-mixed.onnx").toString());
        ok(mixed);
        assertTrue(mixed.err().contains("validation accuracy"), "the comparison is reported: " + mixed.err());
        Path cache = Path.of(System.getProperty(CacheFolders.PROPERTY)).resolve("embeddings");
        long cachedFiles;
        try (Stream<Path> files = Files.walk(cache)) {
            cachedFiles = files.filter(f -> f.toString().endsWith(".emb")).count();
        }
        assertTrue(cachedFiles >= 2, "both heads' texts cached, a shard each: " + cachedFiles);

        Path grid = dir.resolve("grid.json");
        ok(CliRun.of("grid", "new", "assistant", "-o", grid.toString()));
        ok(CliRun.of("grid", "encoder", grid.toString(), enc.toString(), "--tokenizer", tok.toString()));
        ok(CliRun.of("grid", "add", grid.toString(), dir.resolve("weather.onnx").toString(), "--data",
                weather.toString()));
        ok(CliRun.of("grid", "add", grid.toString(), dir.resolve("music.onnx").toString(), "--data", music.toString()));
        CliRun router = CliRun.of("router", "train", grid.toString(), "--json");
        ok(router);
        assertTrue(router.json().getAsJsonObject("heldOut").get("accuracy").getAsDouble() >= 0.95, router.out());

        CliRun run = CliRun.of("run", grid.toString(), "--text", "will it rain in Madrid tomorrow", "--json");
        ok(run);
        assertEquals("weather", run.json().get("route").getAsString());
        assertEquals("rain", run.json().getAsJsonObject("result").get("label").getAsString());
        assertTrue(run.json().getAsJsonObject("timings").get("encoder").getAsDouble() > 0, run.out());

        CliRun both = CliRun.of("router", "train", grid.toString(), "--with-ngrams", "--json");
        ok(both);
        assertTrue(both.json().getAsJsonObject("heldOut").get("accuracy").getAsDouble() >= 0.95, both.out());
        assertTrue(both.out().contains("and hashed n-grams"), "the router says what it learned from: " + both.out());
        CliRun again = CliRun.of("run", grid.toString(), "--text", "is the sky clear over Lisbon now", "--json");
        ok(again);
        assertEquals("weather", again.json().get("route").getAsString());
        assertEquals("sun", again.json().getAsJsonObject("result").get("label").getAsString());

        Path bundle = dir.resolve("assistant.ngrid");
        ok(CliRun.of("export", grid.toString(), "-o", bundle.toString()));
        ok(CliRun.of("verify", bundle.toString()));
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            long models = zip.stream().filter(e -> e.getName().startsWith("models/")).count();
            long files = zip.stream().filter(e -> e.getName().startsWith("files/")).count();
            assertEquals(4, models, "the encoder once, the router and two heads");
            assertEquals(1, files, "one tokenizer.json");
        }
        try (GridServer server = ServeFixtures.start(bundle, ServeFixtures.settings(), dir.resolve("work"),
                new StringWriter())) {
            Http.Answer a = new Http(server.uri()).post("/v1/route", Http.text("add this funk track to my playlist"));
            assertEquals(200, a.code(), a.toString());
            assertEquals("music", a.json().get("route").getAsString());
            assertEquals("add", a.json().getAsJsonObject("result").get("label").getAsString());
        }
    }

    private static void ok(CliRun r) {
        assertEquals(0, r.exit(), r.toString());
    }

    /** A TSV of two labels, each from two templates filled with every city (or the given words). */
    @Test
    void aHeadLeavesOutTrainingTextsThatAreAlsoInItsTestData() throws Exception {
        Path train = dir.resolve("train.tsv");
        Path test = dir.resolve("test.tsv");
        Files.writeString(train, "text\tlabel\nwill it rain tomorrow\train\nis it sunny today\tsun\n"
                + "do I need an umbrella\train\nclear skies this weekend\tsun\n");
        Files.writeString(test, "text\tlabel\nwill it rain tomorrow\train\nbright and sunny\tsun\n");
        CliRun r = CliRun.of("train", "--encoder", MiniLm.model().toString(), "--tokenizer",
                MiniLm.tokenizer().toString(), "--data", train.toString(), "--test", test.toString(), "-o",
                dir.resolve("head.onnx").toString());
        ok(r);
        assertTrue(r.err().contains("removed 1 training examples whose text also appears in the test data"), r.err());
    }

    private Path table(String name, String a, String a1, String a2, String b, String b1, String b2, String... words)
            throws Exception {
        String[] fill = words.length > 0 ? words : CITIES;
        List<String> lines = new ArrayList<>(List.of("text\tlabel"));
        for (String w : fill) {
            lines.add(String.format(a1, w) + "\t" + a);
            lines.add(String.format(a2, w) + "\t" + a);
            lines.add(String.format(b1, w) + "\t" + b);
            lines.add(String.format(b2, w) + "\t" + b);
        }
        return Files.write(dir.resolve(name), lines);
    }
}
