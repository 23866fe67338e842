package io.nanogrid.engine.train;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import java.nio.file.Path;

/**
 * A head to train on a frozen encoder's embeddings.
 *
 * @param encoder   the encoder (model, tokenizer, pooling), paths relative to {@code baseDir}
 * @param baseDir   where the encoder's paths resolve
 * @param train     labelled texts
 * @param test      held-out texts, or null to hold out {@code testSplit} of {@code train}
 * @param testSplit share held out per label when there is no test set
 * @param config    hidden 0 for a logistic regression, more for a small MLP
 * @param name      the model's name in its card
 * @param trainFrom where the training data came from (provenance)
 * @param testFrom  where the held-out data came from, or null
 * @param ngrams    n-gram features to try beside the embedding (kept when they score better on a validation
 *                  split of the training data), or null for the embedding alone
 */
public record HeadTrainingRequest(EncoderSpec encoder, Path baseDir, Dataset train, Dataset test, double testSplit,
        TrainerConfig config, String name, DataSource trainFrom, DataSource testFrom, TextHashedNgramsSpec ngrams) {
    public HeadTrainingRequest(EncoderSpec encoder, Path baseDir, Dataset train, Dataset test, double testSplit,
            TrainerConfig config, String name, DataSource trainFrom, DataSource testFrom) {
        this(encoder, baseDir, train, test, testSplit, config, name, trainFrom, testFrom, null);
    }
}
