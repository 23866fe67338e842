package io.nanogrid.app.monitor;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;

/**
 * Each expert's live health (state badge, calls, failures; the last error as a tooltip) beside the
 * faults to inject: switch it off, add latency, make it throw.
 */
final class FaultPanel extends GridPane {
    private static final String[] HEADERS = {"expert", "state", "calls", "failed", "off", "+ ms", "throw"};
    private static final String[] TIPS = {null, "The circuit breaker's state, or why the expert cannot answer",
        "Requests routed to the expert since the grid was loaded (the monitor's and any others)",
        "Requests it failed since the grid was loaded (errors, time-outs, refusals)",
        "Switch the expert off: it answers as a missing model does (the breaker does not count it)",
        "Added latency before each run, inside the expert's time limit (at or past the limit: a time-out)",
        "Every run fails with an injected error (the breaker counts it)"};

    FaultPanel(ObservableList<ExpertRow> rows) {
        getStyleClass().add("fault-panel");
        setHgap(6);
        setVgap(4);
        setPadding(new Insets(4, 0, 4, 0));
        double[] widths = {84, 64, 44, 40, 22, 72, 32};
        for (int i = 0; i < widths.length; i++) {
            ColumnConstraints c = new ColumnConstraints();
            if (widths[i] > 0) {
                c.setMinWidth(widths[i]);
                c.setPrefWidth(widths[i]);
            }
            c.setHalignment(i >= 2 && i <= 3 ? HPos.RIGHT : i >= 4 ? HPos.CENTER : HPos.LEFT);
            getColumnConstraints().add(c);
        }
        rows.addListener((ListChangeListener<ExpertRow>) c -> rebuild(rows));
        rebuild(rows);
    }

    private void rebuild(ObservableList<ExpertRow> rows) {
        getChildren().clear();
        for (int i = 0; i < HEADERS.length; i++) {
            Label h = new Label(HEADERS[i]);
            h.getStyleClass().add("fault-header");
            if (TIPS[i] != null) {
                h.setTooltip(new Tooltip(TIPS[i]));
            }
            add(h, i, 0);
        }
        for (int r = 0; r < rows.size(); r++) {
            addRow(rows.get(r), r + 1);
        }
        if (rows.isEmpty()) {
            Label none = new Label("The grid is not running yet.");
            none.getStyleClass().add("monitor-hint");
            add(none, 0, 1, HEADERS.length, 1);
        }
    }

    private void addRow(ExpertRow row, int r) {
        Label id = new Label(row.id());
        id.getStyleClass().add("fault-expert");
        id.setId("fault-" + row.id());

        Label state = new Label();
        state.getStyleClass().add("monitor-state");
        state.textProperty().bind(row.state());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> row.lastError().get() != null
                ? "last error: " + row.lastError().get() : "no failure so far", row.lastError()));
        state.setTooltip(tip);
        row.state().addListener((o, a, s) -> styleState(state, s));
        styleState(state, row.state().get());

        Label calls = new Label();
        calls.textProperty().bind(row.calls().asString("%,d"));
        Label failures = new Label();
        failures.textProperty().bind(row.failures().asString("%,d"));

        CheckBox off = new CheckBox();
        off.selectedProperty().bindBidirectional(row.disabled());
        off.getStyleClass().add("fault-off");
        Spinner<Integer> delay = new Spinner<>(0, ExpertRow.MAX_DELAY_MS, 0, 10);
        delay.setEditable(true);
        MonitorView.digitsOnly(delay);
        delay.setPrefWidth(72);
        delay.getValueFactory().valueProperty().bindBidirectional(row.delayMsObject());
        delay.getStyleClass().add("fault-delay");
        CheckBox fail = new CheckBox();
        fail.selectedProperty().bindBidirectional(row.throwing());
        fail.getStyleClass().add("fault-throw");
        addRow(r, id, state, calls, failures, off, delay, fail);
    }

    private static void styleState(Label state, String s) {
        state.getStyleClass().removeIf(c -> c.startsWith("monitor-state-"));
        state.getStyleClass().add("monitor-state-" + s);
    }
}
