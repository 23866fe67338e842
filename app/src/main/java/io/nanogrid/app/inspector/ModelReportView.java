package io.nanogrid.app.inspector;

import com.google.gson.JsonParser;
import io.nanogrid.app.canvas.Badges;
import io.nanogrid.app.widgets.Columns;
import io.nanogrid.engine.inspect.ModelReport;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.onnx.WeightTensor;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * The model inspector: a model's inputs and outputs, operator histogram, every weight tensor with
 * its bytes, and its metadata (adapter, labels, provenance, card).
 */
public final class ModelReportView extends BorderPane {
    private final Label header = new Label("Select a node to inspect its model.");
    private final TableView<TensorDesc> io = new TableView<>();
    private final TableView<Map.Entry<String, Integer>> ops = new TableView<>();
    private final TableView<WeightTensor> weights = new TableView<>();
    private final TextArea metadata = new TextArea();

    public ModelReportView() {
        getStyleClass().add("model-report");
        header.setWrapText(true);
        header.getStyleClass().add("model-report-header");
        io.getColumns().add(col("name", t -> t.name(), 140));
        io.getColumns().add(col("type", t -> t.describe(), 200));
        io.setPlaceholder(new Label("-"));
        io.setPrefHeight(110);
        ops.getColumns().add(col("operator", Map.Entry::getKey, 220));
        ops.getColumns().add(col("count", e -> e.getValue(), 60));
        ops.setPlaceholder(new Label("-"));
        weights.getColumns().add(col("tensor", WeightTensor::name, 170));
        weights.getColumns().add(col("type", w -> w.type().onnxName(), 60));
        weights.getColumns().add(col("shape", w -> Arrays.toString(w.dims()), 110));
        weights.getColumns().add(col("bytes", w -> Badges.bytes(w.bytes()), 70));
        weights.setPlaceholder(new Label("-"));
        metadata.setEditable(false);
        metadata.setWrapText(true);
        VBox summary = new VBox(6, new Label("Inputs and outputs"), io, new Label("Operators"), ops);
        summary.setPadding(new Insets(6));
        TabPane tabs = new TabPane(new Tab("Summary", summary), new Tab("Weights", weights),
                new Tab("Metadata", metadata));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setTop(header);
        setCenter(tabs);
        BorderPane.setMargin(header, new Insets(6));
    }

    private static <S, T> TableColumn<S, T> col(String title, Function<S, T> value, double width) {
        TableColumn<S, T> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return Columns.size(c, width);
    }

    /** Shows a report, or clears the view with a message. */
    public void show(ModelReport r, String message) {
        if (r == null) {
            header.setText(message);
            io.getItems().clear();
            ops.getItems().clear();
            weights.getItems().clear();
            metadata.clear();
            return;
        }
        header.setText(String.format("%s%n%s, IR %d, opsets %s%n%,d parameters in %d tensors, %s of weights, "
                + "file %s%s", r.file(), r.producer().isEmpty() ? "unknown producer" : r.producer(), r.irVersion(),
                r.opsets(), r.parameters(), r.weights().size(), Badges.bytes(r.weightBytes()), Badges.bytes(r.fileBytes()),
                r.loadError() != null ? "\nONNX Runtime refuses it: " + r.loadError() : ""));
        io.getItems().setAll(r.inputs());
        io.getItems().addAll(r.outputs());
        ops.getItems().setAll(r.ops().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList());
        weights.getItems().setAll(r.weights());
        StringBuilder m = new StringBuilder();
        r.metadata().forEach((k, v) -> m.append(k).append(":\n").append(pretty(v)).append("\n\n"));
        metadata.setText(m.length() == 0 ? "(no metadata)" : m.toString());
    }

    private static String pretty(String v) {
        try {
            return Json.gson().toJson(JsonParser.parseString(v));
        } catch (RuntimeException notJson) {
            return v;
        }
    }

    public Label header() {
        return header;
    }
}
