package io.nanogrid.app.monitor;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.EditAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ChartFX chart as the monitor uses them: axes with names and units, a legend, a tooltip on the
 * nearest data point, zoom (drag a rectangle; scroll; right-click or the toolbar to zoom back out),
 * axis editing; and a count of its redraws, for measuring the refresh rate.
 */
public final class MonitorChart extends XYChart {
    private final AtomicLong redraws = new AtomicLong();

    MonitorChart(String title, Axis x, Axis y) {
        super(x, y);
        setTitle(title);
        setAnimated(false);
        setLegendVisible(true);
        getPlugins().addAll(new Zoomer(), new DataPointTooltip(), new EditAxis());
        getStyleClass().add("monitor-chart");
        getGridRenderer().setDrawOnTop(false);
        setMinSize(200, 160);
    }

    /** A chart of values over time: x is seconds since the run started. */
    static MonitorChart overTime(String title, String quantity, String unit) {
        DefaultNumericAxis time = new DefaultNumericAxis("time", "s");
        time.setSide(Side.BOTTOM);
        DefaultNumericAxis y = new DefaultNumericAxis(quantity, unit);
        y.setSide(Side.LEFT);
        y.setForceZeroInRange(true);
        y.setAutoRangePadding(0.05);
        MonitorChart chart = new MonitorChart(title, time, y);
        chart.use(lines());
        return chart;
    }

    static ErrorDataSetRenderer lines() {
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setPolyLineStyle(LineStyle.NORMAL);
        r.setDrawMarker(false);
        r.setErrorStyle(ErrorStyle.NONE);
        return r;
    }

    /**
     * Draws with this renderer, on the chart's axes. The renderer is given the axes explicitly: the
     * data point tooltip finds a renderer's points through its own axes.
     */
    void use(ErrorDataSetRenderer renderer) {
        renderer.getAxes().setAll(getXAxis(), getYAxis());
        // a few thousand points at most: splitting them over ChartFX's worker threads costs more than it
        // saves, and on a busy machine the FX thread then waits for those threads to be scheduled
        renderer.setParallelImplementation(false);
        getRenderers().setAll(renderer);
    }

    /** Canvas redraws so far (each is one refresh of the plotted data). */
    public long redraws() {
        return redraws.get();
    }

    @Override
    protected void redrawCanvas() {
        super.redrawCanvas();
        redraws.incrementAndGet();
    }
}
