package io.nanogrid.samples;

import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.train.TrainerConfig;

/**
 * How one text expert of the sample grid is made: where its data is, which features and
 * hyper-parameters (chosen on validation splits, never on the test data).
 *
 * @param id        expert id and route name
 * @param title     what it does, for its card
 * @param data      how to read its training and test data
 * @param features  the n-gram adapter
 * @param config    trainer settings
 */
public record TextRecipe(String id, String title, SampleData data, TextHashedNgramsSpec features,
        TrainerConfig config) {
}
