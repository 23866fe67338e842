package io.nanogrid.app.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.marker.DefaultMarker;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.EditAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.DataSet;

/**
 * The workbench's charts, made one way: numeric axes with names and units, a legend, tooltips on
 * data points, and zoom (drag a box; right-click or Escape to zoom out).
 */
public final class Charts {
    private Charts() {
    }

    /** An XY chart; a null unit leaves the brackets out. */
    public static XYChart xy(String title, String xName, String xUnit, String yName, String yUnit) {
        DefaultNumericAxis x = new DefaultNumericAxis(xName, xUnit);
        DefaultNumericAxis y = new DefaultNumericAxis(yName, yUnit);
        x.setUnit(xUnit);
        y.setUnit(yUnit);
        // keep points off the plot's edges
        x.setAutoRangePadding(0.05);
        y.setAutoRangePadding(0.05);
        XYChart chart = new XYChart(x, y);
        chart.setTitle(title);
        chart.setLegendVisible(true);
        chart.getPlugins().addAll(new Zoomer(), new DataPointTooltip(), new EditAxis());
        chart.setAnimated(false);
        return chart;
    }

    /** Fixes an axis to [min, max] (no auto-ranging). */
    public static void range(XYChart chart, boolean xAxis, double min, double max) {
        DefaultNumericAxis a = (DefaultNumericAxis) (xAxis ? chart.getXAxis() : chart.getYAxis());
        a.setAutoRanging(false);
        a.set(min, max);
    }

    /** Lines with markers. */
    public static ErrorDataSetRenderer lines(XYChart chart, DataSet... sets) {
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setPolyLineStyle(LineStyle.NORMAL);
        r.setDrawMarker(true);
        r.getDatasets().addAll(sets);
        chart.getRenderers().setAll(r);
        return r;
    }

    /** Bars. */
    public static ErrorDataSetRenderer bars(XYChart chart, DataSet... sets) {
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setPolyLineStyle(LineStyle.NONE);
        r.setDrawBars(true);
        r.setDrawMarker(false);
        r.setDynamicBarWidth(true);
        r.setBarWidthPercentage(60);
        r.getDatasets().addAll(sets);
        chart.getRenderers().add(r);
        return r;
    }

    /** Points without lines (a scatter plot), markers of the given size in pixels. */
    public static ErrorDataSetRenderer points(XYChart chart, double markerSize, DataSet... sets) {
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setPolyLineStyle(LineStyle.NONE);
        r.setDrawMarker(true);
        r.getDatasets().addAll(sets);
        // chart.css draws 1.5 px squares; a scatter needs points one can see and hover
        r.getDatasetNodes().forEach(n -> {
            n.setMarkerSize(markerSize);
            n.setMarkerType(DefaultMarker.CIRCLE);
        });
        chart.getRenderers().add(r);
        return r;
    }
}
