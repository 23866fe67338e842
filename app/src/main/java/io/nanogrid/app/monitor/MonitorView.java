package io.nanogrid.app.monitor;

import io.fair_acc.chartfx.axes.spi.CategoryAxis;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import java.io.File;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The live monitor: run controls on top; counters and the experts' health and faults on the left;
 * rolling charts (latency per route and of the shared encoder's stage, throughput, memory, per-expert
 * latency bars) in the centre.
 * Builds nodes and binds them to the {@link MonitorViewModel}.
 */
public final class MonitorView extends BorderPane {
    private static final double SIDE_WIDTH = 408;
    private static final String LATENCY_TITLE = "Latency by route (whole request, last second)";
    private static final String ENCODER_TITLE = "Latency by route (whole request) and of the shared encoder's stage, "
            + "last second";
    private final MonitorViewModel vm;
    private final GridPane charts = new GridPane();
    private final MonitorChart latency;
    private final MonitorChart throughput;
    private final MonitorChart memory;
    private final MonitorChart experts;

    /**
     * @param dataBar where the experts' labelled data is, and what to do when it is missing (without it the
     *                monitor replays made-up requests, whose accuracy means nothing)
     */
    public MonitorView(MonitorViewModel vm, Node dataBar) {
        this.vm = vm;
        getStyleClass().add("monitor");
        MonitorSeries series = vm.series();

        latency = MonitorChart.overTime(LATENCY_TITLE, "latency", "ms");
        latency.titleProperty().bind(Bindings.when(vm.hasEncoder()).then(ENCODER_TITLE).otherwise(LATENCY_TITLE));
        ErrorDataSetRenderer latencyLines = (ErrorDataSetRenderer) latency.getRenderers().get(0);
        Bindings.bindContent(latencyLines.getDatasets(), series.latencyShown());
        throughput = MonitorChart.overTime("Throughput (last second)", "rate", "req/s");
        throughput.getRenderers().get(0).getDatasets().setAll(series.throughputSets());
        memory = MonitorChart.overTime("Process memory", "memory", "MB");
        memory.getRenderers().get(0).getDatasets().setAll(series.memorySets());
        experts = expertBars(series);

        charts.getStyleClass().add("monitor-charts");
        charts.setHgap(6);
        charts.setVgap(6);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            charts.getColumnConstraints().add(c);
        }
        RowConstraints top = new RowConstraints();
        top.setPercentHeight(56);
        RowConstraints bottom = new RowConstraints();
        bottom.setPercentHeight(44);
        charts.getRowConstraints().addAll(top, bottom);
        charts.add(latency, 0, 0, 3, 1);
        charts.add(throughput, 0, 1);
        charts.add(memory, 1, 1);
        charts.add(experts, 2, 1);
        for (MonitorChart c : charts()) {
            GridPane.setHgrow(c, Priority.ALWAYS);
            GridPane.setVgrow(c, Priority.ALWAYS);
        }
        VBox centre = new VBox(4, latencyOptions(series), charts);
        VBox.setVgrow(charts, Priority.ALWAYS);

        setTop(controls(dataBar));
        setLeft(side());
        setCenter(centre);
        setPadding(new Insets(8));
        BorderPane.setMargin(centre, new Insets(0, 0, 0, 10));
    }

    /** The charts, for tests and for measuring their refresh rate. */
    public List<MonitorChart> charts() {
        return List.of(latency, throughput, memory, experts);
    }

    /** Redraws of all the charts so far. */
    public long redraws() {
        return charts().stream().mapToLong(MonitorChart::redraws).sum();
    }

    private static MonitorChart expertBars(MonitorSeries series) {
        CategoryAxis names = new CategoryAxis("expert");
        names.setSide(Side.BOTTOM);
        names.setUnit(null);
        names.setAutoRanging(false);
        DefaultNumericAxis ms = new DefaultNumericAxis("expert latency", "ms");
        ms.setSide(Side.LEFT);
        ms.setForceZeroInRange(true);
        ms.setAutoRangePadding(0.05);
        MonitorChart chart = new MonitorChart("Expert latency (its own run, last second)", names, ms);
        ErrorDataSetRenderer bars = new ErrorDataSetRenderer();
        bars.setPolyLineStyle(LineStyle.NONE);
        bars.setDrawBars(true);
        bars.setDrawMarker(false);
        bars.setShiftBar(false);
        // ChartFX's dynamic bar width came out a few pixels wide with two experts: sized here instead,
        // 60 % of each expert's share of the chart's width
        bars.setDynamicBarWidth(false);
        bars.setErrorStyle(ErrorStyle.ERRORBARS);
        bars.getDatasets().setAll(series.expertSets());
        chart.use(bars);
        Runnable width = () -> bars.setBarWidth((int) Math.max(4,
                0.6 * Math.max(0, chart.getWidth() - 80) / Math.max(1, series.experts().size())));
        Runnable categories = () -> {
            names.setCategories(List.copyOf(series.experts()));
            names.set(-0.5, Math.max(0.5, series.experts().size() - 0.5));
            width.run();
        };
        series.experts().addListener((ListChangeListener<String>) c -> categories.run());
        chart.widthProperty().addListener((o, a, b) -> width.run());
        categories.run();
        return chart;
    }

    private HBox latencyOptions(MonitorSeries series) {
        Label shows = new Label("Latency chart shows");
        HBox box = new HBox(10, shows);
        for (int i = 0; i < MonitorSeries.PERCENTILES.length; i++) {
            CheckBox c = new CheckBox(MonitorSeries.PERCENTILES[i]);
            c.selectedProperty().bindBidirectional(series.shown(i));
            c.setTooltip(new Tooltip(i == 0 ? "median: solid lines" : i == 1 ? "95th percentile: dashed lines"
                    : "99th percentile: dotted lines"));
            box.getChildren().add(c);
        }
        CheckBox log = new CheckBox("log scale");
        log.selectedProperty().addListener((o, a, on) -> {
            // the latency chart only: a bar on a log axis starts at the axis' minimum, so its length
            // says nothing (and one expert's bar alone had none)
            DefaultNumericAxis y = (DefaultNumericAxis) latency.getYAxis();
            y.setLogAxis(on);
            y.setForceZeroInRange(!on);
        });
        log.setSelected(true);
        log.setTooltip(new Tooltip("Logarithmic latency axis (the latency chart): microsecond answers and "
                + "second-long delays together"));
        Label hint = new Label("Drag to zoom, right-click to zoom out; hover a point for its value.");
        hint.getStyleClass().add("monitor-hint");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        box.getChildren().addAll(new Separator(Orientation.VERTICAL), log, grow, hint);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private VBox controls(Node dataBar) {
        Button start = new Button("Start", new FontIcon(FontAwesomeSolid.PLAY));
        start.setId("monitor-start");
        start.disableProperty().bind(vm.canStart().not());
        start.setOnAction(e -> vm.start());
        start.setTooltip(new Tooltip("Replay the grid's evaluation requests against the running grid"));
        Button stop = new Button("Stop", new FontIcon(FontAwesomeSolid.STOP));
        stop.setId("monitor-stop");
        stop.disableProperty().bind(vm.running().not());
        stop.setOnAction(e -> vm.stop());

        Spinner<Integer> rate = new Spinner<>(0, 100_000, vm.rate().get(), 50);
        rate.setEditable(true);
        digitsOnly(rate);
        rate.setPrefWidth(100);
        rate.setId("monitor-rate");
        rate.getValueFactory().valueProperty().addListener((o, a, v) -> vm.rate().set(v != null ? v : 0));
        vm.rate().addListener((o, a, v) -> rate.getValueFactory().setValue(v.intValue()));
        rate.setTooltip(new Tooltip("Target requests per second across all threads; 0: as fast as they can. "
                + "Applies at once."));
        Spinner<Integer> threads = new Spinner<>(1, 16, vm.concurrency().get());
        threads.setEditable(true);
        digitsOnly(threads);
        threads.setPrefWidth(70);
        threads.setId("monitor-threads");
        threads.getValueFactory().valueProperty().addListener((o, a, v) -> vm.concurrency().set(v != null ? v : 1));
        vm.concurrency().addListener((o, a, v) -> threads.getValueFactory().setValue(v.intValue()));
        threads.disableProperty().bind(vm.running());
        threads.setTooltip(new Tooltip("Threads sending requests, each waiting for its answer (set before Start)"));

        Button png = new Button("Charts as PNG...", new FontIcon(FontAwesomeSolid.FILE_IMAGE));
        png.setOnAction(e -> exportPng());
        Button csv = new Button("Series as CSV...", new FontIcon(FontAwesomeSolid.FILE_CSV));
        csv.setOnAction(e -> exportCsv());

        HBox bar = new HBox(8, start, stop, new Separator(Orientation.VERTICAL), new Label("Rate"), rate,
                new Label("requests/s"), new Label("Threads"), threads,
                new Separator(Orientation.VERTICAL), png, csv);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.textProperty().bind(vm.status());
        status.getStyleClass().add("monitor-status");
        status.setId("monitor-status");
        VBox top = new VBox(6, bar, dataBar, status);
        top.setPadding(new Insets(0, 0, 8, 0));
        return top;
    }

    private ScrollPane side() {
        Label counters = new Label("Since start");
        counters.getStyleClass().add("monitor-title");
        GridPane tiles = new GridPane();
        tiles.setHgap(6);
        tiles.setVgap(6);
        tiles.add(tile("answered/s", Bindings.format("%,.0f", vm.throughput()), "Requests answered in the last second"),
                0, 0);
        tiles.add(tile("requests", vm.requestsDone().asString("%,d"), "Requests answered since Start"), 1, 0);
        tiles.add(tile("errors", vm.errors().asString("%,d"), "Answers carrying a typed error (failovers included)"),
                2, 0);
        tiles.add(tile("not sure", vm.fallbacks().asString("%,d"), "Router confidence below the threshold: the grid "
                + "answered \"not sure\" (or the fallback expert did)"), 0, 1);
        tiles.add(tile("failovers", vm.failovers().asString("%,d"), "Answered by the fallback expert after their own "
                + "expert failed"), 1, 1);
        tiles.add(tile("breaker refusals", vm.refused().asString("%,d"), "Refused at once by an open circuit breaker"),
                2, 1);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            tiles.getColumnConstraints().add(c);
        }

        Label faults = new Label("Experts and faults");
        faults.getStyleClass().add("monitor-title");
        FaultPanel panel = new FaultPanel(vm.experts());
        Button clear = new Button("Clear faults", new FontIcon(FontAwesomeSolid.ERASER));
        clear.setOnAction(e -> vm.clearFaults());
        Label source = new Label();
        source.textProperty().bind(Bindings.createStringBinding(() -> vm.source().get().isEmpty() ? ""
                : "Requests: " + vm.source().get(), vm.source()));
        source.setWrapText(true);
        source.getStyleClass().add("monitor-hint");
        Label resilience = new Label();
        resilience.textProperty().bind(vm.resilience());
        resilience.setWrapText(true);
        resilience.getStyleClass().add("monitor-hint");
        VBox side = new VBox(8, counters, tiles, new Separator(), faults, panel, clear, resilience, source);
        side.setPrefWidth(SIDE_WIDTH);
        side.setMinWidth(SIDE_WIDTH);
        side.setMaxWidth(SIDE_WIDTH);
        side.setPadding(new Insets(0, 12, 0, 0));
        ScrollPane scroll = new ScrollPane(side);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        return scroll;
    }

    /** Typing in a number spinner: digits only (anything else would throw when committed). Call first. */
    static void digitsOnly(Spinner<Integer> spinner) {
        spinner.getEditor().setTextFormatter(new TextFormatter<String>(
                change -> change.getControlNewText().matches("\\d{0,6}") ? change : null));
        // an empty field commits as the value it had, never as no value
        spinner.getValueFactory().setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer v) {
                return v == null ? "" : v.toString();
            }

            @Override
            public Integer fromString(String text) {
                return text == null || text.isBlank() ? spinner.getValue() : Integer.valueOf(text.strip());
            }
        });
    }

    private static VBox tile(String caption, ObservableValue<String> value, String tip) {
        Label v = new Label();
        v.textProperty().bind(value);
        v.getStyleClass().add("monitor-tile-value");
        Label c = new Label(caption);
        c.getStyleClass().add("monitor-tile-caption");
        VBox tile = new VBox(0, v, c);
        tile.getStyleClass().add("monitor-tile");
        Tooltip.install(tile, new Tooltip(tip));
        return tile;
    }

    private void exportPng() {
        File f = chooser("Save the charts as PNG", "PNG images", "*.png", "monitor-charts.png").showSaveDialog(window());
        if (f != null) {
            vm.exportPng(SwingFXUtils.fromFXImage(charts.snapshot(null, null), null), f.toPath());
        }
    }

    private void exportCsv() {
        File f = chooser("Save the series as CSV", "CSV files", "*.csv", "monitor-series.csv").showSaveDialog(window());
        if (f != null) {
            vm.exportCsv(f.toPath());
        }
    }

    /** The node the PNG export pictures. */
    public GridPane chartsPane() {
        return charts;
    }

    private Window window() {
        return getScene() != null ? getScene().getWindow() : null;
    }

    private static FileChooser chooser(String title, String what, String pattern, String name) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        c.setInitialFileName(name);
        return c;
    }
}
