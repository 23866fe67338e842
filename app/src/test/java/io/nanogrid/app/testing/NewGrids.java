package io.nanogrid.app.testing;

import ai.onnx.proto.OnnxMl;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.engine.testing.TextData;
import io.nanogrid.engine.train.OnnxExport;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.engine.train.TextTrainingRequest;
import io.nanogrid.engine.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a user brings to a grid made from nothing: two text classifiers made elsewhere (real ONNX models trained
 * here, recording no data of their own) and a labelled file for each (topics: weather, sports or food; mood: up
 * or down), in folders apart from any grid.
 */
public final class NewGrids {
    /** The two models and their labelled data. */
    public record Parts(Path topicsModel, Path moodModel, Path topicsData, Path moodData) {
    }

    private NewGrids() {
    }

    /** Writes dir/models/{topics,mood}.onnx and dir/labelled/{topics,mood}.tsv. */
    public static Parts twoExperts(Path dir) {
        try {
            Path data = Files.createDirectories(dir.resolve("labelled"));
            Path models = Files.createDirectories(dir.resolve("models"));
            Path topics = TextData.tsv(data.resolve("topics.tsv"), 120, 1, TextData.WEATHER_SPORTS_FOOD,
                    TextData.WSF_LABELS);
            Path mood = TextData.tsv(data.resolve("mood.tsv"), 180, 2, new String[][] {
                {"happy", "glad", "delighted", "cheerful", "joy", "smile"}, {"sad", "gloomy", "tears", "upset", "cry"}},
                    new String[] {"up", "down"});
            OrtRuntime ort = new OrtRuntime();
            TrainerConfig config = TrainerConfig.defaults().withDim(8).withEpochs(5).withThreads(2);
            TextHashedNgramsSpec features = TextHashedNgramsSpec.defaults().withBuckets(4096);
            for (String name : new String[] {"topics", "mood"}) {
                var train = TextDatasets.read(data.resolve(name + ".tsv"), DatasetOptions.defaults().forTraining());
                var o = new TextTraining(ort).run(new TextTrainingRequest(train, null, 0.25, features, config, name,
                        DataSource.table(name + ".tsv"), null), Progress.NONE, null);
                TestModels.write(withoutProvenance(o.model()), models.resolve(name + ".onnx"));
            }
            return new Parts(models.resolve("topics.onnx"), models.resolve("mood.onnx"), topics, mood);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model as another tool would write it: its labels and adapter kept, no record of its training data. */
    private static OnnxMl.ModelProto withoutProvenance(OnnxMl.ModelProto m) {
        OnnxMl.ModelProto.Builder b = m.toBuilder().clearMetadataProps();
        m.getMetadataPropsList().stream().filter(e -> !e.getKey().equals(OnnxExport.PROVENANCE_KEY))
                .forEach(b::addMetadataProps);
        return b.build();
    }
}
