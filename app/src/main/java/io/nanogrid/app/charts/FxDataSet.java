package io.nanogrid.app.charts;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.locks.DataSetLock;
import io.fair_acc.dataset.spi.DoubleDataSet;

/** An XY data set for a chart, read and written on the FX thread only (see {@link FxThreadLock}). */
public final class FxDataSet extends DoubleDataSet {
    private static final long serialVersionUID = 1L;
    private transient FxThreadLock<FxDataSet> fxLock;

    public FxDataSet(String name) {
        super(name);
    }

    public FxDataSet(String name, int initialCapacity) {
        super(name, initialCapacity);
    }

    @Override
    public DataSetLock<? extends DataSet> lock() {
        if (fxLock == null) { // the superclass constructor may ask before this class's fields are set
            fxLock = new FxThreadLock<>(this);
        }
        return fxLock;
    }
}
