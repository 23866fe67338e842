package io.nanogrid.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.task.CancelledException;
import io.nanogrid.engine.task.Progress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** Two classes told apart by two signal ids (buckets 0-49 or 50-99) among four noise ids (100-199). */
    static TrainingSet toy(int n, long seed) {
        Random rnd = new Random(seed);
        int[][] ids = new int[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            ids[i] = new int[6];
            for (int k = 0; k < 6; k++) {
                ids[i][k] = k < 2 ? y[i] * 50 + rnd.nextInt(50) : 100 + rnd.nextInt(100);
            }
        }
        return new TrainingSet(ids, null, y, List.of("left", "right"), 200);
    }

    private static final TrainerConfig CONFIG = TrainerConfig.defaults().withDim(8).withEpochs(5).withThreads(2)
            .withBatchSize(16);

    @Test
    void learnsASeparableProblem() {
        TrainedNetwork net = new Trainer(CONFIG).train(toy(2000, 1), Progress.NONE, null);
        EpochStats last = net.history().get(net.history().size() - 1);
        assertTrue(last.validationAccuracy() > 0.95, "validation accuracy " + last.validationAccuracy());
        assertEquals(200 * 8 + 8 * 2 + 2, net.parameters());
    }

    @Test
    void theSameSeedAndThreadsGiveTheSameModel() {
        TrainedNetwork a = new Trainer(CONFIG).train(toy(500, 2), Progress.NONE, null);
        TrainedNetwork b = new Trainer(CONFIG).train(toy(500, 2), Progress.NONE, null);
        assertArrayEquals(a.network().embedding, b.network().embedding);
        assertArrayEquals(a.network().layers[0].w, b.network().layers[0].w);
        TrainedNetwork c = new Trainer(CONFIG.withSeed(99)).train(toy(500, 2), Progress.NONE, null);
        assertTrue(!Arrays.equals(a.network().embedding, c.network().embedding));
    }

    @Test
    void stopsWhenValidationLossStopsImproving() {
        // a fifth of the labels flipped: the model overfits, and validation loss turns up
        TrainingSet clean = toy(400, 3);
        int[] noisy = clean.targets().clone();
        for (int i = 0; i < noisy.length; i += 5) {
            noisy[i] = 1 - noisy[i];
        }
        TrainingSet data = new TrainingSet(clean.ids(), null, noisy, clean.labels(), clean.inputs());
        TrainedNetwork net = new Trainer(CONFIG.withEpochs(200).withValidation(0.25, 2).withLearningRate(0.05))
                .train(data, Progress.NONE, null);
        List<EpochStats> h = net.history();
        assertTrue(h.size() < 200, "stopped after " + h.size() + " epochs");
        assertTrue(h.get(h.size() - 3).best() && !h.get(h.size() - 2).best() && !h.get(h.size() - 1).best(),
                "the last best epoch is followed by exactly `patience` worse ones");
    }

    @Test
    void honoursCancellation() {
        Progress cancelAfterAFewSteps = new Progress() {
            int calls;

            @Override
            public void update(long done, long total, String message) {
            }

            @Override
            public boolean cancelled() {
                return ++calls > 3;
            }
        };
        assertThrows(CancelledException.class,
                () -> new Trainer(CONFIG).train(toy(2000, 4), cancelAfterAFewSteps, null));
    }
}
