package io.nanogrid.app.quantlab;

import io.nanogrid.engine.quant.Sensitivity;
import javafx.beans.value.ObservableValue;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * One expert's weights as bars: each weight's relative output error when it alone is quantized, one bar
 * per width (8, 4, 2 bits). Redrawn on the FX thread when the sensitivity changes.
 */
final class SensitivityChart extends BarChart<String, Number> {
    SensitivityChart(ObservableValue<Sensitivity> sensitivity) {
        super(new CategoryAxis(), new NumberAxis());
        setId("quant-sensitivity-chart");
        setTitle("Sensitivity: output error with one weight quantized");
        getYAxis().setLabel("relative output error");
        setAnimated(false);
        setLegendVisible(true);
        setPrefHeight(260);
        setMinHeight(200);
        sensitivity.addListener((o, a, s) -> show(s));
    }

    void show(Sensitivity s) {
        getData().clear();
        if (s == null) {
            return;
        }
        for (int bits : s.widths()) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(bits + "-bit");
            for (Sensitivity.Row r : s.rows()) {
                series.getData().add(new XYChart.Data<>(shortName(r.weight()), r.error().get(bits)));
            }
            getData().add(series);
        }
    }

    static String shortName(String weight) {
        return weight.length() <= 18 ? weight : "…" + weight.substring(weight.length() - 17);
    }
}
