package io.nanogrid.engine.train;

import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;

/**
 * What to train a text classifier on.
 *
 * @param train     labelled training data
 * @param test      held-out data, or null to split {@code testSplit} off the training data
 * @param testSplit share held out when there is no test file (0 for none)
 * @param features  the text-hashed-ngrams adapter (buckets, n-grams, hash seed)
 * @param config    hyper-parameters
 * @param name      what the model is (for its card), e.g. "SMS spam"
 * @param trainFrom where {@code train} was read from (recorded in the provenance), or null
 * @param testFrom  where {@code test} was read from, or null
 */
public record TextTrainingRequest(Dataset train, Dataset test, double testSplit, TextHashedNgramsSpec features,
        TrainerConfig config, String name, DataSource trainFrom, DataSource testFrom) {
}
