package io.nanogrid.app.charts;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.locks.DataSetLock;
import io.fair_acc.dataset.spi.DoubleErrorDataSet;

/**
 * An XY data set with error bars for a chart, read and written on the FX thread only (see
 * {@link FxThreadLock}).
 */
public final class FxErrorDataSet extends DoubleErrorDataSet {
    private static final long serialVersionUID = 1L;
    private transient FxThreadLock<FxErrorDataSet> fxLock;

    public FxErrorDataSet(String name) {
        super(name);
    }

    @Override
    public DataSetLock<? extends DataSet> lock() {
        if (fxLock == null) { // the superclass constructor may ask before this class's fields are set
            fxLock = new FxThreadLock<>(this);
        }
        return fxLock;
    }
}
