package io.nanogrid.app.charts;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.locks.DataSetLock;
import java.util.function.Supplier;

/**
 * A data-set "lock" for data that only the FX thread reads and writes: it runs the guarded code and
 * holds nothing.
 *
 * <p>Why not ChartFX's own lock: a ChartFX 11.3 chart read-locks its data sets when it is laid out
 * and unlocks them only in the scene's next post-layout pulse. A layout outside a pulse (a window
 * being shown, a snapshot) therefore leaves them locked until the next pulse, and a write from the
 * FX thread in the meantime (a loaded grid filling a chart) waits for a pulse that the same, now
 * blocked, thread would have to run: the workbench froze at start-up that way. Our charts' data is
 * only touched on the FX thread, so there is nothing to exclude.
 */
final class FxThreadLock<D extends DataSet> implements DataSetLock<D> {
    private static final long serialVersionUID = 1L;
    private final transient D dataSet;

    FxThreadLock(D dataSet) {
        this.dataSet = dataSet;
    }

    @Override
    public D readLock() {
        return dataSet;
    }

    @Override
    public D readLockGuard(Runnable reading) {
        reading.run();
        return dataSet;
    }

    @Override
    public <R> R readLockGuard(Supplier<R> reading) {
        return reading.get();
    }

    @Override
    public D readLockGuardOptimistic(Runnable reading) {
        reading.run();
        return dataSet;
    }

    @Override
    public <R> R readLockGuardOptimistic(Supplier<R> reading) {
        return reading.get();
    }

    @Override
    public D readUnLock() {
        return dataSet;
    }

    @Override
    public D writeLock() {
        return dataSet;
    }

    @Override
    public D writeLockGuard(Runnable writing) {
        writing.run();
        return dataSet;
    }

    @Override
    public <R> R writeLockGuard(Supplier<R> writing) {
        return writing.get();
    }

    @Override
    public D writeUnLock() {
        return dataSet;
    }
}
