package io.nanogrid.engine.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.CliRun;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.engine.testing.TextData;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.engine.train.TextTrainingRequest;
import io.nanogrid.engine.train.TrainerConfig;
import io.nanogrid.onnx.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid of two experts trained here (their data recorded relative to a datasets folder), whose
 * router is trained and tested through the command line.
 */
class RouterCommandsTest {
    @TempDir
    Path root;
    Path data;
    Path gridDir;
    Path grid;

    @BeforeEach
    void buildGrid() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        gridDir = Files.createDirectories(root.resolve("grid"));
        TextData.tsv(data.resolve("topics.tsv"), 120, 1, TextData.WEATHER_SPORTS_FOOD, TextData.WSF_LABELS);
        TextData.tsv(data.resolve("mood.tsv"), 180, 2, new String[][] {
            {"happy", "glad", "delighted", "cheerful", "joy", "smile"}, {"sad", "gloomy", "tears", "upset", "cry"}},
                new String[] {"up", "down"});
        OrtRuntime ort = new OrtRuntime();
        TrainerConfig config = TrainerConfig.defaults().withDim(8).withEpochs(5).withThreads(2);
        TextHashedNgramsSpec features = TextHashedNgramsSpec.defaults().withBuckets(4096);
        for (String name : List.of("topics", "mood")) {
            DataSource source = DataSource.table(name + ".tsv");
            var train = TextDatasets.read(data.resolve(name + ".tsv"), DatasetOptions.defaults().forTraining());
            var o = new TextTraining(ort).run(new TextTrainingRequest(train, null, 0.25, features, config, name,
                    source, null), Progress.NONE, null);
            TestModels.write(o.model(), gridDir.resolve(name + ".onnx"));
        }
        grid = gridDir.resolve("grid.json");
        GridFiles.write(new GridSpec(GridSpec.FORMAT_VERSION, "two", null,
                new RouterSpec("router.onnx", null, List.of("topics", "mood"), null, null, 0.0, null),
                List.of(ExpertSpec.of("topics", "topics.onnx", null, null), ExpertSpec.of("mood", "mood.onnx", null, null)),
                null, null), grid);
    }

    @Test
    void trainsTheRouterWritesItIntoTheGridAndTestsTheWholeGrid() throws Exception {
        CliRun train = CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString(), "--json");
        assertEquals(0, train.exit(), train.toString());
        JsonObject t = train.json();
        assertTrue(t.getAsJsonObject("heldOut").get("accuracy").getAsDouble() > 0.95, train.out());
        double threshold = GridFiles.read(grid).router().threshold();
        assertEquals(t.get("threshold").getAsDouble(), threshold, 1e-4);
        assertTrue(Files.exists(gridDir.resolve("router.onnx")));

        CliRun again = CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString(), "--model", "mlp");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(Files.exists(gridDir.resolve("router.previous.onnx")), "the previous router is kept");

        CliRun test = CliRun.of("router", "test", grid.toString(), "--data-dir", data.toString(), "--json");
        assertEquals(0, test.exit(), test.toString());
        JsonObject j = test.json();
        for (String key : List.of("accuracy", "macroF1", "ece", "confusion", "threshold", "coverage",
                "jointAccuracy")) {
            assertTrue(j.has(key), key);
        }
        assertTrue(j.get("jointAccuracy").getAsDouble() > 0.9, test.out());
        assertEquals(2, j.getAsJsonArray("joint").size());
        assertEquals(180, j.get("n").getAsInt(), "exactly the experts' held-out quarters (90 + 90), re-split from "
                + "their recorded provenance");
    }

    @Test
    void aRouteThatIsNotInTheGridIsRefusedWithItsLine() throws Exception {
        Path extra = Files.writeString(root.resolve("extra.tsv"), "text\troute\nsunny skies\ttopics\n"
                + "what time is it\tclock\n");
        String before = Files.readString(grid);
        CliRun r = CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString(), "--data",
                extra.toString());
        assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
        assertTrue(r.err().contains("extra.tsv line 3: route 'clock' is not a route of the grid; expected one of "
                + "[topics, mood]"), r.err());
        assertEquals(before, Files.readString(grid), "the grid file is untouched");
        assertTrue(!Files.exists(gridDir.resolve("router.onnx")));
    }

    @Test
    void aGridWhoseRouterWasTrainedForOtherRoutesIsRefused() throws Exception {
        assertEquals(0, CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString()).exit());
        GridSpec swapped = GridFiles.read(grid);
        GridFiles.write(swapped.withRouter(new RouterSpec("router.onnx", null, List.of("mood", "topics"), null, null,
                swapped.router().threshold(), null)), grid);
        String before = Files.readString(grid);
        CliRun r = CliRun.of("router", "test", grid.toString(), "--data-dir", data.toString());
        assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
        assertTrue(r.err().contains("was trained for routes [topics, mood], but the grid lists [mood, topics]"),
                r.err());
        assertEquals(before, Files.readString(grid));
        CliRun run = CliRun.of("run", grid.toString(), "--text", "rain");
        assertEquals(Cli.BAD_INPUT, run.exit(), "a grid with a mismatched router does not open at all");
    }

    /**
     * The user's loop: the user's requests use words no expert's data has, so the router misroutes about half;
     * retrained with them it routes them, and the report shows before and after side by side on the same
     * requests. Then a new route is added from a handful of labelled requests alone (its expert records no data).
     */
    @Test
    void theUsersLoopShowsBeforeAndAfterAndANewRouteLearnsFromAHandful() throws Exception {
        assertEquals(0, CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString()).exit());
        StringBuilder mine = new StringBuilder("text\troute\n");
        String[][] words = {{"zorble", "quint", "blivet", "snark", "fribble"}, {"wumpus", "grue", "plugh", "xyzzy",
            "frotz"}};
        for (int i = 0; i < 60; i++) {
            for (int r = 0; r < 2; r++) {
                String[] w = words[r];
                mine.append(w[i % 5]).append(' ').append(w[(i / 5) % 5]).append(' ').append(w[(i / 25) % 5])
                        .append('\t').append(r == 0 ? "topics" : "mood").append('\n');
            }
        }
        Path requests = Files.writeString(root.resolve("mine.tsv"), mine.toString());
        CliRun loop = CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString(), "--data",
                requests.toString(), "--json");
        assertEquals(0, loop.exit(), loop.toString());
        JsonObject before = loop.json().getAsJsonObject("comparison").getAsJsonObject("before");
        JsonObject after = loop.json().getAsJsonObject("comparison").getAsJsonObject("after");
        assertEquals(24, before.get("userN").getAsInt(), "a fifth of the user's 120 requests is held out");
        assertEquals(before.get("heldOutN").getAsInt(), after.get("heldOutN").getAsInt(), "the same requests");
        assertTrue(before.get("userAccuracy").getAsDouble() <= 0.75, loop.out());
        assertEquals(1.0, after.get("userAccuracy").getAsDouble(), 1e-9, loop.out());
        assertTrue(after.get("heldOutAccuracy").getAsDouble() > 0.95, loop.out());
        CliRun text = CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString(), "--data",
                requests.toString());
        assertTrue(text.out().contains("your requests") && text.out().lines().anyMatch(l -> l.startsWith("before"))
                && text.out().lines().anyMatch(l -> l.startsWith("after")), text.out());

        // a new route from a handful of examples: an expert that records no data, and twelve labelled requests
        var bare = OnnxModels.read(gridDir.resolve("mood.onnx")).toBuilder();
        bare.clearMetadataProps();
        bare.addAllMetadataProps(OnnxModels.read(gridDir.resolve("mood.onnx")).getMetadataPropsList()
                .stream().filter(p -> !p.getKey().equals("nanogrid.provenance")).toList());
        TestModels.write(bare.build(), gridDir.resolve("greet.onnx"));
        assertEquals(0, CliRun.of("grid", "add", grid.toString(), gridDir.resolve("greet.onnx").toString()).exit());
        StringBuilder handful = new StringBuilder("text\troute\n");
        for (String g : List.of("hello there friend", "good morning to you", "hi how are you", "hey hello",
                "good evening everyone", "greetings my friend", "hello hello", "hi there", "morning friend",
                "hey there how are you", "good day to you", "hi friend", "hello good morning", "evening greetings",
                "hey how are you doing")) {
            handful.append(g).append("\tgreet\n");
        }
        Path few = Files.writeString(root.resolve("few.tsv"), handful.toString());
        CliRun added = CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString(), "--data",
                few.toString(), "--json");
        assertEquals(0, added.exit(), added.toString());
        JsonObject c = added.json().getAsJsonObject("comparison");
        assertEquals(0.0, c.getAsJsonObject("before").get("userAccuracy").getAsDouble(), 1e-9,
                "the old router knows no route greet");
        assertTrue(c.getAsJsonObject("after").get("userAccuracy").getAsDouble() >= 2.0 / 3, added.out());
        CliRun hello = CliRun.of("run", grid.toString(), "--text", "hello good evening friend", "--json");
        assertEquals(0, hello.exit(), hello.toString());
        assertEquals("greet", hello.json().get("route").getAsString(), hello.out());
    }
}
