package io.nanogrid.app.tasks;

import io.nanogrid.engine.task.CancelledException;
import io.nanogrid.engine.task.Progress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * Runs engine work off the FX thread as javafx.concurrent.Tasks: the engine's Progress becomes the
 * task's progress and message, cancelling the task cancels the work, and the result or error comes
 * back on the FX thread. The executor is the one seam: a pool in the app, anything in tests.
 */
public final class TaskRunner {
    private final Executor executor;
    private final ObservableList<Task<?>> running = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Task<?>> latest = new ReadOnlyObjectWrapper<>();

    public TaskRunner(Executor executor) {
        this.executor = executor;
    }

    /** Work in progress, oldest first (FX thread). */
    public ObservableList<Task<?>> running() {
        return running;
    }

    /** The most recently started task still running, for the status bar. */
    public ReadOnlyObjectProperty<Task<?>> latest() {
        return latest.getReadOnlyProperty();
    }

    /**
     * Starts work in the background; call on the FX thread.
     *
     * @param onError gets the exception (never a CancelledException: cancelling is silent)
     */
    public <T> Task<T> run(String title, Function<Progress, T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
        EngineTask<T> task = new EngineTask<>(title, work);
        task.setOnSucceeded(e -> {
            finished(task);
            onDone.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            finished(task);
            Throwable t = task.getException();
            if (!(t instanceof CancelledException)) {
                onError.accept(t);
            }
        });
        task.setOnCancelled(e -> finished(task));
        running.add(task);
        latest.set(task);
        executor.execute(task);
        return task;
    }

    private void finished(Task<?> task) {
        running.remove(task);
        latest.set(running.isEmpty() ? null : running.get(running.size() - 1));
    }

    /** Cancels everything still running (the window is closing). */
    public void cancelAll() {
        for (Task<?> t : List.copyOf(running)) {
            t.cancel();
        }
    }

    /** Forwards the engine's progress reports to the Task, and its cancellation to the engine. */
    private static final class EngineTask<T> extends Task<T> {
        private final Function<Progress, T> work;

        EngineTask(String title, Function<Progress, T> work) {
            this.work = work;
            updateTitle(title);
            updateMessage(title);
        }

        @Override
        protected T call() {
            return work.apply(new Progress() {
                @Override
                public void update(long done, long total, String message) {
                    if (total > 0) {
                        updateProgress(done, total);
                    }
                    updateMessage(message);
                }

                @Override
                public boolean cancelled() {
                    return isCancelled();
                }
            });
        }
    }

    /** Whether the caller is on the FX thread (the runner's methods must be). */
    static boolean onFxThread() {
        return Platform.isFxApplicationThread();
    }
}
