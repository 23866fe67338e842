package io.nanogrid.app.console;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.nanogrid.app.charts.FxDataSet;
import io.nanogrid.app.widgets.Columns;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.runtime.GridResponse;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/** The test console: type a request or pick an image; see the route, its probabilities, the answer and timings. */
public final class ConsoleView extends BorderPane {
    private final ConsoleViewModel vm;
    private final TextField input = new TextField();
    private static final String NOTHING_SENT = "Send a request to see where it goes.";
    private final Label route = new Label(NOTHING_SENT);
    private final Label answer = new Label();
    private final Label timings = new Label();
    private final CategoryAxis routes = new CategoryAxis("route");
    private final FxDataSet scores = new FxDataSet("router probability");
    private final XYChart chart;

    public ConsoleView(ConsoleViewModel vm) {
        this.vm = vm;
        getStyleClass().add("console");
        input.setPromptText("Type a request, e.g. play some jazz on spotify");
        input.textProperty().bindBidirectional(vm.text());
        input.setOnAction(e -> vm.sendText());
        HBox.setHgrow(input, Priority.ALWAYS);
        Button send = new Button("Send", new FontIcon(FontAwesomeSolid.PAPER_PLANE));
        send.setDefaultButton(false);
        send.disableProperty().bind(vm.canSend().not());
        send.setOnAction(e -> vm.sendText());
        Button image = new Button("File...", new FontIcon(FontAwesomeSolid.FILE_IMPORT));
        image.setTooltip(new Tooltip("Send a file: an image (PNG, JPEG), a recording (WAV) or a tensor (.npy)"));
        image.setOnAction(e -> pickImage());
        Button inputs = new Button("Inputs...", new FontIcon(FontAwesomeSolid.LAYER_GROUP));
        inputs.setId("console-inputs");
        inputs.setTooltip(new Tooltip("Send a file for each input of a model with several (.npy, or text for a "
                + "string input)"));
        inputs.visibleProperty().bind(vm.takesNamedInputs());
        inputs.managedProperty().bind(inputs.visibleProperty());
        inputs.setOnAction(e -> new InputsDialog(vm.namedInputs(), getScene() != null ? getScene().getWindow() : null)
                .showAndWait().ifPresent(vm::sendInputs));
        HBox bar = new HBox(6, input, send, image, inputs);
        bar.setAlignment(Pos.CENTER_LEFT);

        route.getStyleClass().add("console-route");
        answer.getStyleClass().add("console-answer");
        timings.getStyleClass().add("console-timings");
        for (Label l : new Label[] {route, answer, timings}) {
            l.setWrapText(true);
            l.setMaxWidth(330);
        }
        Label error = new Label();
        error.getStyleClass().add("console-error");
        error.textProperty().bind(vm.error());
        error.setWrapText(true);
        error.setMaxWidth(330);
        Label why = new Label();
        why.setId("console-cannot-answer");
        why.getStyleClass().add("console-error");
        why.textProperty().bind(vm.cannotAnswer());
        why.setWrapText(true);
        why.setMaxWidth(330);
        why.managedProperty().bind(why.textProperty().isNotEmpty());
        VBox result = new VBox(4, why, route, answer, timings, error);
        // at the window's minimum width both halves give: the answer wraps, the chart's tabs stay readable
        result.setMinWidth(180);
        result.setPrefWidth(330);

        DefaultNumericAxis p = new DefaultNumericAxis("probability", 0, 1, 0.25);
        p.setAutoRanging(false);
        p.setUnit(null);
        routes.setUnit(null);
        routes.setAutoRanging(false);
        chart = new XYChart(routes, p);
        ErrorDataSetRenderer bars = new ErrorDataSetRenderer();
        bars.setPolyLineStyle(LineStyle.NONE);
        bars.setDrawBars(true);
        bars.setDrawMarker(false);
        bars.setDynamicBarWidth(true);
        bars.setBarWidthPercentage(60);
        chart.getRenderers().setAll(bars);
        bars.getDatasets().add(scores);
        chart.setLegendVisible(false);
        chart.setMinHeight(120);
        chart.setPrefSize(460, 150);

        TableView<ConsoleViewModel.Entry> history = new TableView<>(vm.history());
        history.getColumns().add(column("request", ConsoleViewModel.Entry::request, 200));
        history.getColumns().add(column("route", ConsoleViewModel.Entry::route, 90));
        history.getColumns().add(column("answer", ConsoleViewModel.Entry::answer, 150));
        history.getColumns().add(column("total µs", e -> String.format(Locale.ROOT, "%.0f", e.totalMicros()), 80));
        history.setPlaceholder(new Label("No requests yet"));
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.setMinWidth(200);
        history.setPrefHeight(150);
        TabPane tabs = new TabPane(
                new Tab("Route probabilities", chart),
                new Tab("History", history));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        HBox.setHgrow(tabs, Priority.ALWAYS);
        tabs.setMinWidth(250);
        // not the history table's width: with the answer column at 330 it fits the designer at 1400 px, and grows
        tabs.setPrefWidth(420);

        HBox body = new HBox(12, result, tabs);
        body.setPadding(new Insets(8, 0, 0, 0));
        setTop(bar);
        setCenter(body);
        setPadding(new Insets(8));
        vm.last().addListener((o, a, r) -> show(r));
    }

    private static TableColumn<ConsoleViewModel.Entry, String> column(String title,
            Function<ConsoleViewModel.Entry, String> value, double width) {
        TableColumn<ConsoleViewModel.Entry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return Columns.size(c, width);
    }

    private void pickImage() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Send a file as a request");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Images, recordings and tensors",
                "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif", "*.wav", "*.npy"),
                new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif"),
                new FileChooser.ExtensionFilter("Recordings (WAV)", "*.wav"),
                new FileChooser.ExtensionFilter("Tensors (.npy)", "*.npy"));
        File f = chooser.showOpenDialog(getScene() != null ? getScene().getWindow() : null);
        if (f != null) {
            vm.sendFile(f.toPath());
        }
    }

    private void show(GridResponse r) {
        if (r == null) {
            route.setText(NOTHING_SENT);
            answer.setText("");
            timings.setText("");
            routes.setCategories(List.of());
            scores.set(new double[0], new double[0]);
            return;
        }
        route.setText(ConsoleViewModel.route(r));
        String top = "";
        if (r.result() instanceof LabelAnswer a) {
            List<String> parts = new ArrayList<>();
            a.probabilities().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(3).forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())));
            top = "  [" + String.join(", ", parts) + "]";
        }
        answer.setText("answer: " + ConsoleViewModel.answer(r) + top + (r.degraded() ? "  (degraded)" : ""));
        var t = r.timings();
        timings.setText(String.format(Locale.ROOT, "featurize %.1f µs, router %.1f µs, expert %.1f µs, total %.1f µs",
                t.featurize(), t.router(), t.expert(), t.total()));
        Map<String, Double> p = r.routeScores() != null ? r.routeScores() : Map.of();
        List<String> names = new ArrayList<>(p.keySet());
        routes.setCategories(names);
        routes.set(-0.5, Math.max(0.5, names.size() - 0.5));
        double[] x = new double[names.size()];
        double[] y = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            x[i] = i;
            y[i] = p.get(names.get(i));
        }
        scores.set(x, y);
    }

    public TextField input() {
        return input;
    }
}
