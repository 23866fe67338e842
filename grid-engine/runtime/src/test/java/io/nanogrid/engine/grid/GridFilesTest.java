package io.nanogrid.engine.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridFilesTest {
    @TempDir
    Path dir;

    static GridSpec sample() {
        return new GridSpec(GridSpec.FORMAT_VERSION, "assistant", "a sample",
                new RouterSpec("router.onnx", TextHashedNgramsSpec.defaults(), List.of("langid", "digits"), null,
                        null, 0.7, "langid"),
                List.of(new ExpertSpec("langid", "experts/langid.onnx", TextHashedNgramsSpec.defaults().withBuckets(1024),
                                LabelsSpec.of(List.of("en", "fr")), 250L),
                        ExpertSpec.of("digits", "experts/digits.onnx",
                                new ImageSpec(28, 28, "grey", 1 / 255.0, List.of(0.1307), List.of(0.3081), "NCHW",
                                        null),
                                new RawTensorSpec(null))),
                new ResilienceSpec(500L, 4, 2000L),
                Map.of("router", new NodePosition(10, 20), "langid", new NodePosition(300, 0),
                        "fallback", new NodePosition(300, 200)));
    }

    @Test
    void roundTripsThroughAFileUnchanged() {
        Path file = dir.resolve("grid.json");
        GridFiles.write(sample(), file);
        GridSpec back = GridFiles.read(file);
        assertEquals(sample(), back);
        assertEquals(GridFiles.toJson(sample()), GridFiles.toJson(back));
    }

    @Test
    void writesEveryAdapterFieldExplicitly() {
        String json = GridFiles.toJson(sample());
        assertTrue(json.contains("\"kind\": \"text-hashed-ngrams\""), json);
        assertTrue(json.contains("\"hash\": \"murmur3_x86_32\""), json);
        assertTrue(json.contains("\"formatVersion\": 1"), json);
    }

    @Test
    void savingOverAnExistingFileLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("grid.json");
        GridFiles.write(sample(), file);
        GridFiles.write(sample().withRouter(sample().router().withThreshold(0.9)), file);
        assertEquals(0.9, GridFiles.read(file).router().threshold());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void anInvalidGridIsNotWrittenAndTheOldFileStays() throws Exception {
        Path file = dir.resolve("grid.json");
        GridFiles.write(sample(), file);
        String before = Files.readString(file);
        GridSpec bad = sample().withRouter(sample().router().withThreshold(1.5));
        assertThrows(BadInputException.class, () -> GridFiles.write(bad, file));
        assertEquals(before, Files.readString(file));
    }

    private static String problem(String json) {
        return assertThrows(BadInputException.class, () -> GridFiles.parse(json, "g.json")).getMessage();
    }

    private static String sampleJson() {
        return GridFiles.toJson(sample());
    }

    @Test
    void messagesNameTheFileAndTheField() {
        assertEquals("g.json: router.treshold: unknown field (expected one of model, input, routes, scores, "
                + "modelOutput, threshold, fallback)", problem(sampleJson().replace("\"threshold\"", "\"treshold\"")));
        assertEquals("g.json: router.threshold: must be between 0 and 1, got 1.7",
                problem(sampleJson().replace("\"threshold\": 0.7", "\"threshold\": 1.7")));
        assertEquals("g.json: router.routes[1]: 'digits2' is not an expert; expected one of [digits, langid]",
                problem(sampleJson().replace("\"digits\"\n", "\"digits2\"\n")));
        assertTrue(problem(sampleJson().replaceFirst("\"murmur3_x86_32\"", "\"md5\""))
                .startsWith("g.json: router.input.hash: expected \"murmur3_x86_32\""));
        assertTrue(problem(sampleJson().replace("\"formatVersion\": 1", "\"formatVersion\": 7"))
                .contains("formatVersion 7 is not supported"));
        String video = problem(sampleJson().replace("\"kind\": \"image\"", "\"kind\": \"video\""));
        assertTrue(video.contains("unknown kind \"video\"; expected one of [audio, encoder, hf-tokenizer, image, string, tensor, "
                + "text-hashed-ngrams]"), video);
        assertTrue(problem("{\"formatVersion\": 1, \"name\": \"x\", \"experts\": [}").startsWith("g.json: not valid JSON"));
        assertEquals("g.json: the file is empty", problem("  "));
        assertEquals("g.json: not valid JSON: malformed JSON at line 1 column 7", problem("text\tlabel\nhello\tx\n"));
        assertEquals("g.json: not valid JSON: End of input at line 1 column 39 (at experts[0].id)",
                problem("{\"formatVersion\": 1, \"experts\": [{\"id\""));
        String buckets = problem(sampleJson().replace("\"buckets\": 1024", "\"buckets\": \"many\""));
        assertTrue(buckets.contains("experts[0].input.buckets"), buckets);
        assertEquals("g.json: router.input.punctuation: expected \"drop\" or \"tokens\", got 'keep'",
                problem(sampleJson().replaceFirst("\"punctuation\": \"drop\"", "\"punctuation\": \"keep\"")));
    }

    @Test
    void anExpertsLabelledDataRoundTripsAndIsChecked() {
        GridSpec s = sample();
        GridSpec withData = s.withExperts(List.of(s.experts().get(0).withData(new ExpertData(DataSource.idx(
                "data/images-idx3-ubyte.gz", "data/labels-idx1-ubyte.gz", null), null, null)), s.experts().get(1)
                .withData(new ExpertData(DataSource.table("../labelled/langid.tsv"), null, 0.1))));
        Path file = dir.resolve("data-grid.json");
        GridFiles.write(withData, file);
        assertEquals(withData, GridFiles.read(file));
        assertEquals(0.2, GridFiles.read(file).experts().get(0).data().testSplit(), "a fifth held out by default");
        // a grid written before experts had data (no "data" key) opens as it did
        assertTrue(!sampleJson().contains("\"data\""));
        assertEquals(sample(), GridFiles.parse(sampleJson(), "old.json"));

        String json = GridFiles.toJson(withData);
        assertEquals("g.json: experts[0].data.train.labels: is required with reader 'idx' (the label file beside the "
                + "inputs)", problem(json.replace("\"data/labels-idx1-ubyte.gz\"", "null")));
        assertTrue(problem(json.replace("\"reader\": \"table\"", "\"reader\": \"excel\"")).startsWith(
                "g.json: experts[1].data.train.reader: expected one of [features, idx, image-folders, npy, "
                        + "sentences-by-label, table]"), problem(json.replace("\"reader\": \"table\"",
                        "\"reader\": \"excel\"")));
        assertEquals("g.json: experts[1].data.testSplit: must be between 0 and 1 (exclusive), got 1.5",
                problem(json.replace("\"testSplit\": 0.1", "\"testSplit\": 1.5")));
        assertEquals("g.json: experts[1].data.train.path: is required (a file or folder, relative to the grid file)",
                problem(json.replace("\"../labelled/langid.tsv\"", "\"\"")));
    }

    @Test
    void duplicateFieldsAndCommentsAreRefusedAsTheHttpApiRefusesThem() {
        String json = sampleJson();
        assertEquals("g.json: field 'router.threshold' is given twice",
                problem(json.replace("\"threshold\": 0.7", "\"threshold\": 0.7, \"threshold\": 0.2")));
        assertEquals("g.json: field 'name' is given twice", problem(json.replaceFirst("\"name\": ",
                "\"name\": \"a\", \"name\": ")));
        assertEquals("g.json: line 2: comments are not JSON; remove it",
                problem(json.replaceFirst("\n", "\n  // the threshold was tuned by hand\n")));
        assertTrue(problem(json.replaceFirst("\n", "\n  /* a block */\n")).endsWith("comments are not JSON; remove it"));
        // "//" inside a string is text, not a comment
        assertEquals("a // b", GridFiles.parse(json.replaceFirst("\"description\": \"[^\"]*\"",
                "\"description\": \"a // b\""), "g.json").description());
    }

    @Test
    void relationsAreChecked() {
        GridSpec s = sample();
        List<ExpertSpec> dup = List.of(s.experts().get(0), s.experts().get(0).withModel("other.onnx"));
        assertTrue(GridValidator.problems(s.withExperts(dup)).contains("experts[1].id: 'langid' is used by another expert"));
        assertTrue(GridValidator.problems(s.withRouter(null)).isEmpty(), "a grid in progress is a valid file");
        BadInputException noRouter = assertThrows(BadInputException.class,
                () -> GridValidator.checkRunnable(s.withRouter(null), "g.json"));
        assertEquals("g.json: the grid has 2 experts and no router yet; train one (nanogrid router train GRID, or "
                + "New router in the workbench)", noRouter.getMessage());
        BadInputException empty = assertThrows(BadInputException.class,
                () -> GridValidator.checkRunnable(s.withExperts(List.of()).withRouter(null), "g.json"));
        assertTrue(empty.getMessage().startsWith("g.json: the grid has no expert yet"), empty.getMessage());
        List<ExpertSpec> reserved = List.of(ExpertSpec.of("router", "r.onnx", null, null));
        assertTrue(GridValidator.problems(s.withExperts(reserved).withRouter(null)).get(0)
                .contains("'router' is reserved"));
        List<String> ghost = GridValidator.problems(s.withLayout(Map.of("ghost", new NodePosition(0, 0))));
        assertTrue(ghost.contains("layout.ghost: no node has this id (expected router, fallback, encoder or an "
                + "expert id)"), ghost.toString());
    }
}
