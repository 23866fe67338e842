package io.nanogrid.engine.train;

/**
 * Hyper-parameters of a nano classifier.
 *
 * @param dim          embedding dimension D (text) — the bag's output size
 * @param hidden       hidden layer width, 0 for none (a linear model over the bag: logistic regression)
 * @param epochs       maximum passes over the training data
 * @param batchSize    examples per gradient step
 * @param learningRate Adam's step size
 * @param validation   share of the training data held out for early stopping
 * @param patience     epochs without a better validation loss before stopping
 * @param balanced     weight classes by n / (K * count), for skewed labels
 * @param seed         seeds the initialization, the validation split and the shuffling
 * @param threads      threads computing gradients; results are identical for a given seed and thread count
 * @param dropout      share of a bag's ids dropped at random in each training step (a regularizer for
 *                     bags of n-grams); 0 for none
 * @param pooling      how a bag's embedding rows are combined: "mean" (sum / n) or "sqrt" (sum / sqrt(n),
 *                     so a longer text is not only an average: its evidence adds up, as for an
 *                     L2-normalized bag of words)
 */
public record TrainerConfig(int dim, int hidden, int epochs, int batchSize, double learningRate, double validation,
        int patience, boolean balanced, long seed, int threads, double dropout, String pooling) {
    public TrainerConfig {
        if (dim < 1 || hidden < 0 || epochs < 1 || batchSize < 1 || learningRate <= 0 || validation < 0
                || validation >= 0.9 || patience < 1 || threads < 1 || dropout < 0 || dropout >= 1
                || !(MEAN.equals(pooling) || SQRT.equals(pooling))) {
            throw new IllegalArgumentException("bad trainer settings: " + this);
        }
    }

    public static final String MEAN = "mean";
    public static final String SQRT = "sqrt";

    public static TrainerConfig defaults() {
        return new TrainerConfig(32, 0, 20, 64, 0.01, 0.1, 3, false, 42, Runtime.getRuntime().availableProcessors(), 0,
                MEAN);
    }

    public TrainerConfig withDim(int d) {
        return new TrainerConfig(d, hidden, epochs, batchSize, learningRate, validation, patience, balanced, seed,
                threads, dropout, pooling);
    }

    public TrainerConfig withHidden(int h) {
        return new TrainerConfig(dim, h, epochs, batchSize, learningRate, validation, patience, balanced, seed,
                threads, dropout, pooling);
    }

    public TrainerConfig withEpochs(int e) {
        return new TrainerConfig(dim, hidden, e, batchSize, learningRate, validation, patience, balanced, seed,
                threads, dropout, pooling);
    }

    public TrainerConfig withSeed(long s) {
        return new TrainerConfig(dim, hidden, epochs, batchSize, learningRate, validation, patience, balanced, s,
                threads, dropout, pooling);
    }

    public TrainerConfig withThreads(int t) {
        return new TrainerConfig(dim, hidden, epochs, batchSize, learningRate, validation, patience, balanced, seed,
                t, dropout, pooling);
    }

    public TrainerConfig withLearningRate(double lr) {
        return new TrainerConfig(dim, hidden, epochs, batchSize, lr, validation, patience, balanced, seed,
                threads, dropout, pooling);
    }

    public TrainerConfig withBatchSize(int b) {
        return new TrainerConfig(dim, hidden, epochs, b, learningRate, validation, patience, balanced, seed,
                threads, dropout, pooling);
    }

    public TrainerConfig withBalanced(boolean b) {
        return new TrainerConfig(dim, hidden, epochs, batchSize, learningRate, validation, patience, b, seed,
                threads, dropout, pooling);
    }

    public TrainerConfig withDropout(double d) {
        return new TrainerConfig(dim, hidden, epochs, batchSize, learningRate, validation, patience, balanced, seed,
                threads, d, pooling);
    }

    public TrainerConfig withValidation(double v, int p) {
        return new TrainerConfig(dim, hidden, epochs, batchSize, learningRate, v, p, balanced, seed,
                threads, dropout, pooling);
    }

    public TrainerConfig withPooling(String p) {
        return new TrainerConfig(dim, hidden, epochs, batchSize, learningRate, validation, patience, balanced, seed,
                threads, dropout, p);
    }
}
