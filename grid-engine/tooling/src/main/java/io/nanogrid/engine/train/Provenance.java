package io.nanogrid.engine.train;

import com.google.gson.JsonParseException;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.json.Json;
import java.util.Map;
import java.util.Optional;

/**
 * What made a model, stored as JSON in its metadata_props ("nanogrid.provenance") and in bundle
 * manifests.
 *
 * @param trainer         the training method
 * @param task            what the model does
 * @param data            where its data came from
 * @param hyperparameters trainer settings
 * @param seed            random seed
 * @param parameters      learned values
 * @param trainSeconds    training wall time
 * @param date            training date (UTC)
 * @param heldOut         held-out figures measured on the exported model, or null
 * @param extra           anything else the trainer records (router: temperature, threshold, routes)
 */
public record Provenance(String trainer, String task, DataProvenance data, Map<String, Object> hyperparameters,
        Long seed, Long parameters, Double trainSeconds, String date, HeldOut heldOut, Map<String, Object> extra) {

    /**
     * @param train         training data
     * @param trainSha256   its hash when it is one file
     * @param trainExamples examples trained on (after removing held-out and duplicate texts)
     * @param test          held-out data file, or null when held out of the training data
     * @param testSha256    its hash
     * @param testSplit     share held out of the training data per label (when no test file)
     * @param splitSeed     seed of that split
     * @param testExamples  held-out examples
     */
    public record DataProvenance(DataSource train, String trainSha256, Integer trainExamples, DataSource test,
            String testSha256, Double testSplit, Long splitSeed, Integer testExamples) {
    }

    public record HeldOut(double accuracy, double macroF1, long n) {
    }

    public Provenance withHeldOut(HeldOut h) {
        return new Provenance(trainer, task, data, hyperparameters, seed, parameters, trainSeconds, date, h, extra);
    }

    public String toJson() {
        return Json.compact().toJson(this);
    }

    /** The provenance in a model's metadata, if it has a readable one. */
    public static Optional<Provenance> of(Map<String, String> metadata) {
        String json = metadata.get(OnnxExport.PROVENANCE_KEY);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.compact().fromJson(json, Provenance.class));
        } catch (JsonParseException e) {
            return Optional.empty();
        }
    }
}
