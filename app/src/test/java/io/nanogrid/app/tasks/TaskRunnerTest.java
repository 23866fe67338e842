package io.nanogrid.app.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.Fx;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest {
    @TempDir
    Path dir;

    /**
     * A slow engine call (a real model that loops for a long time) runs through the runner; while
     * it runs, the FX thread keeps handling events.
     */
    @Test
    void aSlowEngineCallDoesNotBlockTheFxThread() throws Exception {
        TestModels.write(TestModels.slow(List.of("a", "b"), 20_000_000L), dir.resolve("slow.onnx"));
        // cancelling the task does not reach ONNX Runtime, and closing the grid only defers the session
        // close: without a time limit the run would keep a core busy for minutes after this test, slowing
        // every later test. The limit stops it a few seconds in, well after the checks below.
        GridSpec spec = new GridSpec(1, "slow", null, null, List.of(new ExpertSpec("slow", "slow.onnx", null, null,
                3000L)), null, null);
        Grid grid = Grid.open(spec, dir, new OrtRuntime());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            TaskRunner runner = new TaskRunner(executor);
            AtomicReference<GridResponse> answer = new AtomicReference<>();
            Task<?> task = Fx.call(() -> runner.run("slow request", p -> grid.route(new TextRequest("x")),
                    answer::set, e -> { }));
            Fx.waitUntil(() -> task.getState() == Worker.State.RUNNING, "the engine call started");
            // events posted to the FX thread while the engine call runs are handled at once
            AtomicBoolean ranWhileBusy = new AtomicBoolean();
            for (int i = 0; i < 5; i++) {
                CountDownLatch handled = new CountDownLatch(1);
                Platform.runLater(() -> {
                    ranWhileBusy.set(task.isRunning());
                    handled.countDown();
                });
                assertTrue(handled.await(2, TimeUnit.SECONDS), "the FX thread answered");
                assertTrue(ranWhileBusy.get(), "the engine call was still running when the FX thread answered; "
                        + "answer: " + answer.get());
            }
            // cancelling gives control back at once, though the engine call itself runs on to its time limit
            Fx.run(task::cancel);
            Fx.waitUntil(() -> task.getState() == Worker.State.CANCELLED && runner.running().isEmpty(),
                    "the cancelled task is gone from the status bar");
        } finally {
            // wait for the engine call to end (the time limit stops it) so no run outlives the test
            executor.shutdown();
            assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS), "the engine call ended");
            grid.close();
        }
    }

    @Test
    void progressAndCancellationReachTheEngine() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        TaskRunner runner = new TaskRunner(executor);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawCancel = new AtomicBoolean();
        Task<?> task = Fx.call(() -> runner.run("counting", p -> {
            p.update(1, 10, "one of ten");
            started.countDown();
            while (!p.cancelled()) {
                Thread.onSpinWait();
            }
            sawCancel.set(true);
            return null;
        }, v -> { }, e -> { }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        Fx.waitUntil(() -> task.getProgress() == 0.1 && "one of ten".equals(task.getMessage()), "progress shown");
        assertEquals(1, Fx.call(() -> runner.running().size()));
        Fx.run(runner::cancelAll);
        Fx.waitUntil(sawCancel::get, "the engine saw the cancellation");
        Fx.waitUntil(() -> runner.running().isEmpty(), "the task is gone from the status bar");
        executor.shutdown();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS), "the work ended");
    }
}
