package io.nanogrid.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.spi.DoubleDataSet;
import io.nanogrid.app.testing.Fx;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * A chart laid out outside a pulse (as when a window is shown) read-locks its data sets until the
 * next pulse; writing to them from the FX thread before that pulse froze the workbench at start-up
 * with ChartFX's own lock. The workbench's data sets take the write at once.
 */
class FxDataSetTest {
    /** Lays a chart out outside a pulse, then writes to its data, all in one go on the FX thread. */
    private static int layOutThenWrite(DoubleDataSet data, Stage[] shown) {
        XYChart chart = Charts.xy("t", "x", null, "y", null);
        chart.getDatasets().add(data);
        data.set(new double[] {0, 1}, new double[] {1, 2});
        Stage stage = new Stage();
        shown[0] = stage;
        stage.setScene(new Scene(chart, 400, 300));
        stage.show();
        chart.applyCss();
        chart.layout(); // outside a pulse: the chart locks its data sets until the next pulse
        data.set(new double[] {0, 1, 2}, new double[] {3, 4, 5});
        return data.getDataCount();
    }

    @Test
    void aWriteRightAfterALayoutOutsideAPulseDoesNotWaitForThePulse() {
        Stage[] shown = new Stage[1];
        try {
            // with ChartFX's DoubleDataSet this call never returns (the FX thread waits on itself)
            assertEquals(3, Fx.call(() -> layOutThenWrite(new FxDataSet("data"), shown)));
        } finally {
            if (shown[0] != null) {
                Fx.run(shown[0]::close);
            }
        }
    }
}
