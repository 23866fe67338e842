package io.nanogrid.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.TextHashedNgrams;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.engine.testing.TextData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTrainingTest {
    private final OrtRuntime ort = new OrtRuntime();

    @TempDir
    Path dir;

    private static final TextHashedNgramsSpec FEATURES = TextHashedNgramsSpec.defaults().withBuckets(4096);
    private static final TrainerConfig CONFIG = TrainerConfig.defaults().withDim(8).withEpochs(8).withThreads(2);

    @Test
    void trainsExportsAndRecordsWhatMadeTheModel() throws Exception {
        Path file = TextData.tsv(dir.resolve("wsf.tsv"), 150, 1, TextData.WEATHER_SPORTS_FOOD, TextData.WSF_LABELS);
        Dataset data = TextDatasets.read(file, DatasetOptions.defaults().forTraining());
        TrainingOutcome o = new TextTraining(ort).run(new TextTrainingRequest(data, null, 0.2, FEATURES, CONFIG,
                "test topics", DataSource.table("wsf.tsv"), null), Progress.NONE, null);
        assertTrue(o.heldOut().accuracy() > 0.95, "held-out accuracy " + o.heldOut().accuracy());
        assertEquals(90, o.heldOut().n(), "20% of 3 x 150, split per label");
        Map<String, String> meta = new HashMap<>();
        o.model().getMetadataPropsList().forEach(p -> meta.put(p.getKey(), p.getValue()));
        Provenance p = Provenance.of(meta).orElseThrow();
        assertEquals("wsf.tsv", p.data().train().path());
        assertEquals(0.2, p.data().testSplit());
        assertEquals(o.heldOut().accuracy(), p.heldOut().accuracy(), 1e-12);
        assertEquals(Sha256.ofFile(file.toString()), p.data().trainSha256());
        String card = meta.get(OnnxExport.CARD_KEY);
        assertTrue(card.contains("trained by nanogrid on wsf.tsv.") && !card.contains(dir.toString()),
                "the card names the data, not where it lay: " + card);

        Path model = TestModels.write(o.model(), dir.resolve("wsf.onnx"));
        try (Grid g = Grid.forModel(model, ort)) {
            LabelAnswer a = (LabelAnswer) g.route(new TextRequest("heavy rain and wind in the forecast")).result();
            assertEquals("weather", a.label());
        }
    }

    /** The exported graph (ReduceSum / sqrt(n)) computes what the trainer's network computes. */
    @Test
    void sqrtPoolingWithPunctuationTokensExportsTheSameProbabilities() throws Exception {
        TextHashedNgramsSpec features = FEATURES.withPunctuation(TextHashedNgramsSpec.PUNCTUATION_TOKENS);
        TextHashedNgrams featurizer = new TextHashedNgrams(features);
        Path file = TextData.tsv(dir.resolve("wsf.tsv"), 100, 1, TextData.WEATHER_SPORTS_FOOD, TextData.WSF_LABELS);
        List<Example> examples = TextDatasets.read(file, DatasetOptions.defaults().forTraining()).examples();
        List<String> labels = List.of(TextData.WSF_LABELS);
        int[][] ids = examples.stream().map(e -> featurizer.ids(((TextRequest) e.request()).text()))
                .toArray(int[][]::new);
        int[] y = examples.stream().mapToInt(e -> labels.indexOf(e.label())).toArray();
        TrainedNetwork net = new Trainer(CONFIG.withPooling(TrainerConfig.SQRT).withHidden(6))
                .train(new TrainingSet(ids, null, y, labels, features.buckets()), Progress.NONE, null);
        Provenance provenance = new Provenance("test", "topics", null, Map.of(), 1L, net.parameters(), 0.0,
                "2026-11-22", null, Map.of());
        Path model = TestModels.write(OnnxExport.text(net, features, provenance, null), dir.resolve("sqrt.onnx"));
        try (Grid g = Grid.forModel(model, ort)) {
            for (String text : List.of("heavy rain!!! and wind...", "the team won 3-1 :)", "pasta", "?")) {
                float[] expected = net.predict(featurizer.ids(text));
                LabelAnswer a = (LabelAnswer) g.route(new TextRequest(text)).result();
                for (int k = 0; k < labels.size(); k++) {
                    assertEquals(expected[k], a.probabilities().get(labels.get(k)), 1e-5, text + ": " + labels.get(k));
                }
            }
        }
    }

    @Test
    void theHeldOutSplitSharesNoTextWithTraining() {
        List<Example> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String text = "text number " + (i % 50); // every text four times
            all.add(new Example(new TextRequest(text), i % 2 == 0 ? "a" : "b", null, i));
        }
        List<List<Example>> parts = TextTraining.split(all, 0.25, 3);
        Set<String> train = new HashSet<>();
        parts.get(0).forEach(e -> train.add(((TextRequest) e.request()).text()));
        for (Example e : parts.get(1)) {
            assertTrue(!train.contains(((TextRequest) e.request()).text()), "leaked: " + e);
        }
        assertEquals(200, parts.get(0).size() + parts.get(1).size());
    }

    @Test
    void saysWhenATestLabelWasNeverTrainedAndWhenTestTextsWereInTraining() throws Exception {
        Path train = Files.writeString(dir.resolve("train.tsv"), "text\tlabel\nsunny and warm\tweather\n"
                + "goal in the match\tsports\nrain all day\tweather\nthe team won\tsports\n");
        Path test = Files.writeString(dir.resolve("test.tsv"), "text\tlabel\nsunny and warm\tweather\n"
                + "pasta with cheese\tfood\n");
        Dataset tr = TextDatasets.read(train, DatasetOptions.defaults().forTraining());
        Dataset te = TextDatasets.read(test, DatasetOptions.defaults().forTraining());
        TrainingOutcome o = new TextTraining(ort).run(new TextTrainingRequest(tr, te, 0, FEATURES,
                CONFIG.withValidation(0, 1), "tiny", null, null), Progress.NONE, null);
        assertTrue(o.warnings().contains("removed 1 training examples whose text also appears in the test data"),
                o.warnings().toString());
        assertTrue(o.warnings().contains("label 'food' appears in the test data (1 examples) but never in the "
                + "training data: the model cannot predict it"), o.warnings().toString());
        ModelProto m = o.model();
        assertEquals(2, m.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
    }
}
