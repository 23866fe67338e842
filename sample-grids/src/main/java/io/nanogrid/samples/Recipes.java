package io.nanogrid.samples;

import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.train.TrainerConfig;
import java.util.List;

/**
 * The five experts of the sample grid "text-assistant". Settings were chosen on each training
 * set's validation split (and seed spread), then fixed; the test data only measures the result.
 * Two threads and fixed seeds: the same data rebuilds the same models on a two-core machine.
 */
public final class Recipes {
    /** Threads the builder trains with (the gradient sum order depends on it). */
    public static final int THREADS = 2;

    private Recipes() {
    }

    private static TrainerConfig config(int dim, int hidden, int epochs) {
        return TrainerConfig.defaults().withDim(dim).withHidden(hidden).withEpochs(epochs).withThreads(THREADS)
                .withSeed(42);
    }

    private static TextHashedNgramsSpec features(int buckets, List<Integer> words, List<Integer> chars) {
        return TextHashedNgramsSpec.defaults().withBuckets(buckets).withNgrams(words, chars);
    }

    public static final TextRecipe LANGID = new TextRecipe("langid",
            "Language identification (20 languages)",
            new SampleData(DataSource.sentencesByLabel("text/langid"), null, 0.2),
            features(32_768, List.of(1, 1), List.of(1, 4)), config(16, 0, 12));

    public static final TextRecipe SENTIMENT = new TextRecipe("sentiment",
            "Sentiment of movie reviews (SST-2: 0 negative, 1 positive)",
            new SampleData(DataSource.table("text/sst2/train.tsv"), DataSource.table("text/sst2/dev.tsv"), 0),
            features(65_536, List.of(1, 2), List.of(2, 4)), config(16, 32, 20));

    public static final TextRecipe SPAM = new TextRecipe("spam",
            "SMS spam detection (ham, spam)",
            new SampleData(DataSource.table("text/sms_spam/SMSSpamCollection.tsv", "SMS", "Label", true), null, 0.2),
            features(65_536, List.of(1, 2), List.of(2, 4)), config(16, 0, 20));

    public static final TextRecipe TOPIC = new TextRecipe("topic",
            "News topic (AG News: World, Sports, Business, Sci/Tech)",
            new SampleData(DataSource.table("text/agnews/dev.tsv", "0", "1", false),
                    DataSource.table("text/agnews/test.tsv", "0", "1", false), 0),
            features(131_072, List.of(1, 2), List.of(3, 5)).withLowercase(false), config(8, 0, 20));

    public static final TextRecipe INTENT = new TextRecipe("intent",
            "Assistant intent (SNIPS: 7 intents)",
            new SampleData(DataSource.table("text/snips/train.tsv"), DataSource.table("text/snips/test.tsv"), 0),
            features(32_768, List.of(1, 2), List.of(2, 4)), config(16, 0, 20));

    public static final List<TextRecipe> TEXT_ASSISTANT = List.of(LANGID, SENTIMENT, SPAM, TOPIC, INTENT);
}
