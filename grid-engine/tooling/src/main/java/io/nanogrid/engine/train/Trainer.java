package io.nanogrid.engine.train;

import io.nanogrid.engine.task.CancelledException;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Trains a {@link Network} with mini-batch Adam: seeded shuffling, a validation split for early
 * stopping (the best epoch's weights are kept), optional balanced class weights, progress and
 * cancellation. Each batch is split over the threads in fixed slices and their gradients summed
 * in thread order, so a run is reproducible for a given seed and thread count.
 */
public final class Trainer {
    private final TrainerConfig config;

    public Trainer(TrainerConfig config) {
        this.config = config;
    }

    /**
     * @param onEpoch told after every epoch (for live charts); may be null
     */
    public TrainedNetwork train(TrainingSet data, Progress progress, Consumer<EpochStats> onEpoch) {
        if (data.labels().size() < 2) {
            throw new BadInputException("training needs at least 2 labels, found "
                    + data.labels());
        }
        Random rnd = new Random(config.seed());
        int[] order = permutation(data.size(), rnd);
        int nVal = (int) Math.round(data.size() * config.validation());
        if (config.validation() > 0 && nVal < 1) {
            nVal = 1;
        }
        TrainingSet val = data.subset(Arrays.copyOfRange(order, 0, nVal));
        TrainingSet train = data.subset(Arrays.copyOfRange(order, nVal, order.length));
        float[] weights = classWeights(train);
        Network net = new Network(data.isBag() ? data.inputs() : 0, config.dim(), data.isBag() ? data.denseWidth()
                : data.inputs(), config.hidden(), data.labels().size(), rnd.nextLong(),
                TrainerConfig.SQRT.equals(config.pooling()));
        Adam adam = new Adam(net, config.learningRate());
        int threads = Math.max(1, Math.min(config.threads(), config.batchSize()));
        List<Gradients> grads = new ArrayList<>();
        List<Network.Scratch> scratch = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            grads.add(new Gradients(net));
            scratch.add(net.new Scratch());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "nanogrid-train");
            th.setDaemon(true);
            return th;
        });
        List<EpochStats> history = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        float[][] best = null;
        int sinceBest = 0;
        long steps = (long) config.epochs() * ((train.size() + config.batchSize() - 1) / config.batchSize());
        long step = 0;
        try {
            int[] idx = permutation(train.size(), rnd);
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                shuffle(idx, rnd);
                double lossSum = 0;
                long correct = 0;
                for (int start = 0; start < idx.length; start += config.batchSize()) {
                    progress.checkCancelled();
                    int end = Math.min(idx.length, start + config.batchSize());
                    double[] lc = batch(net, train, idx, start, end, weights, grads, scratch, pool,
                            config.dropout(), config.seed() * 31 + epoch);
                    lossSum += lc[0];
                    correct += (long) lc[1];
                    for (int t = 1; t < threads; t++) {
                        grads.get(0).add(grads.get(t));
                    }
                    adam.step(grads.get(0), end - start);
                    step++;
                    if (step % 50 == 0) {
                        progress.update(step, steps, "epoch " + epoch + " of " + config.epochs());
                    }
                }
                double[] v = val.size() > 0 ? evaluate(net, val, scratch.get(0)) : new double[] {Double.NaN, Double.NaN};
                boolean improved = val.size() == 0 || v[0] < bestLoss - 1e-6;
                if (improved) {
                    bestLoss = val.size() == 0 ? bestLoss : v[0];
                    best = val.size() == 0 ? null : net.snapshot();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                EpochStats stats = new EpochStats(epoch, lossSum / train.size(), (double) correct / train.size(), v[0],
                        v[1], (System.nanoTime() - t0) / 1e9, improved);
                history.add(stats);
                if (onEpoch != null) {
                    onEpoch.accept(stats);
                }
                progress.update(step, steps, String.format(Locale.ROOT,
                        "epoch %d: loss %.4f, validation accuracy %.4f", epoch, stats.trainLoss(),
                        stats.validationAccuracy()));
                if (sinceBest >= config.patience()) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (best != null) {
            net.restore(best);
        }
        return new TrainedNetwork(net, data.labels(), history);
    }

    /** Splits the batch over the threads in fixed slices; returns {loss sum, correct count}. */
    private static double[] batch(Network net, TrainingSet data, int[] idx, int start, int end, float[] weights,
            List<Gradients> grads, List<Network.Scratch> scratch, ExecutorService pool, double dropout,
            long epochSeed) {
        int threads = grads.size();
        int n = end - start;
        List<Future<double[]>> parts = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int from = start + (int) ((long) n * t / threads);
            int to = start + (int) ((long) n * (t + 1) / threads);
            Gradients g = grads.get(t);
            Network.Scratch s = scratch.get(t);
            parts.add(pool.submit(() -> {
                g.clear();
                double loss = 0;
                int correct = 0;
                for (int i = from; i < to; i++) {
                    int e = idx[i];
                    int y = data.targets()[e];
                    int[] ids = data.isBag() ? drop(data.ids()[e], dropout, epochSeed, e) : null;
                    loss += net.accumulate(ids, data.dense() != null ? data.dense()[e] : null, y, weights[y], s, g);
                    if (argmax(s.probs) == y) {
                        correct++;
                    }
                }
                return new double[] {loss, correct};
            }));
        }
        double loss = 0;
        double correct = 0;
        try {
            for (Future<double[]> f : parts) {
                double[] r = f.get();
                loss += r[0];
                correct += r[1];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        return new double[] {loss, correct};
    }

    /**
     * The ids kept for one example in one epoch: each dropped with the given probability, at least
     * one kept. Seeded by (epoch, example), so threads do not change the outcome.
     */
    static int[] drop(int[] ids, double dropout, long epochSeed, int example) {
        if (dropout <= 0 || ids.length < 2) {
            return ids;
        }
        SplittableRandom r = new SplittableRandom(epochSeed * 0x9E3779B97F4A7C15L + example);
        int[] kept = new int[ids.length];
        int n = 0;
        for (int id : ids) {
            if (r.nextDouble() >= dropout) {
                kept[n++] = id;
            }
        }
        if (n == 0) {
            kept[n++] = ids[r.nextInt(ids.length)];
        }
        return n == ids.length ? ids : Arrays.copyOf(kept, n);
    }

    /** {mean loss, accuracy} of the network on a set. */
    static double[] evaluate(Network net, TrainingSet data, Network.Scratch s) {
        double loss = 0;
        long correct = 0;
        for (int e = 0; e < data.size(); e++) {
            float[] p = net.forward(data.isBag() ? data.ids()[e] : null, data.dense() != null ? data.dense()[e] : null,
                    s);
            int y = data.targets()[e];
            loss -= Math.log(Math.max(p[y], 1e-12));
            if (argmax(p) == y) {
                correct++;
            }
        }
        return new double[] {loss / data.size(), (double) correct / data.size()};
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    private float[] classWeights(TrainingSet train) {
        int k = train.labels().size();
        float[] w = new float[k];
        Arrays.fill(w, 1f);
        if (config.balanced()) {
            long[] counts = new long[k];
            for (int y : train.targets()) {
                counts[y]++;
            }
            for (int c = 0; c < k; c++) {
                w[c] = counts[c] == 0 ? 0f : (float) train.size() / (k * counts[c]);
            }
        }
        return w;
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, rnd);
        return p;
    }

    /** Fisher-Yates with java.util.Random, whose sequence is specified: the same seed, the same order. */
    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
