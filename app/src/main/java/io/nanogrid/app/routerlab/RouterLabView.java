package io.nanogrid.app.routerlab;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.nanogrid.app.charts.Charts;
import io.nanogrid.app.charts.FxDataSet;
import io.nanogrid.app.widgets.Columns;
import io.nanogrid.engine.eval.ClassMetrics;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.router.Calibration;
import io.nanogrid.engine.router.JointReport;
import io.nanogrid.engine.router.RouterMetrics;
import io.nanogrid.engine.router.RouterReport;
import io.nanogrid.engine.train.EpochStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/** The router lab: data, training curve, calibration, coverage at a threshold, confusion, misroutes, joint accuracy. */
public final class RouterLabView extends BorderPane {
    private final RouterLabViewModel vm;
    private final FxDataSet loss = new FxDataSet("training loss");
    private final FxDataSet trainAcc = new FxDataSet("training accuracy");
    private final FxDataSet valAcc = new FxDataSet("validation accuracy");
    private final FxDataSet reliability = new FxDataSet("accuracy per confidence bin");
    private final FxDataSet diagonal = new FxDataSet("perfect calibration");
    private final FxDataSet coverage = new FxDataSet("coverage");
    private final FxDataSet answeredAccuracy = new FxDataSet("accuracy of answered");
    private final XYChart coverageChart;
    private final XValueIndicator thresholdMark;
    private final ConfusionView confusion = new ConfusionView();
    private final Label figures = new Label();
    private final TableView<JointReport.RouteFigures> joint = new TableView<>();
    private final TabPane tables = new TabPane();
    private final TabPane right = new TabPane();

    /** @param dataBar where the experts' labelled data is, and what to do when it is missing */
    public RouterLabView(RouterLabViewModel vm, Node dataBar) {
        this.vm = vm;
        getStyleClass().add("router-lab");
        setTop(top(dataBar));

        XYChart training = Charts.xy("Training", "epoch", null, "loss / accuracy", null);
        Charts.lines(training, loss, trainAcc, valAcc);
        XYChart calibration = Charts.xy("Reliability", "confidence", null, "accuracy", null);
        Charts.range(calibration, true, 0, 1);
        Charts.range(calibration, false, 0, 1);
        Charts.lines(calibration, diagonal, reliability);
        diagonal.set(new double[] {0, 1}, new double[] {0, 1});
        coverageChart = Charts.xy("Coverage and accuracy by threshold", "threshold", null, "share", null);
        Charts.range(coverageChart, true, 0, 1);
        Charts.lines(coverageChart, coverage, answeredAccuracy);
        thresholdMark = new XValueIndicator(coverageChart.getXAxis(), vm.threshold().get(), "t");
        thresholdMark.setEditable(false);
        coverageChart.getPlugins().add(thresholdMark);

        GridPane charts = new GridPane();
        charts.add(training, 0, 0);
        charts.add(coverageChart, 1, 0);
        charts.add(calibration, 0, 1);
        charts.add(confusion, 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            charts.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            charts.getRowConstraints().add(r);
        }

        Tab chartsTab = new Tab("Charts", charts);
        Tab requestsTab = new Tab("Your requests", new UserRequestsView(vm));
        requestsTab.setId("router-your-requests");
        right.getTabs().addAll(chartsTab, requestsTab);
        right.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane center = new SplitPane(left(), right);
        center.setDividerPositions(0.34);
        setCenter(center);
        vm.comparison().addListener((o, a, c) -> {
            if (c != null) {
                right.getSelectionModel().select(requestsTab);
            }
        });

        vm.epochs().addListener((ListChangeListener<EpochStats>) c -> epochs());
        vm.report().addListener((o, a, r) -> report(r));
        vm.joint().addListener((o, a, j) -> {
            joint.getItems().setAll(j == null ? List.of() : j.perRoute());
            if (j != null) {
                tables.getSelectionModel().select(2);
            }
        });
    }

    private VBox top(Node dataBar) {
        Label message = new Label();
        message.textProperty().bind(vm.message());
        message.getStyleClass().add("lab-message");
        message.setWrapText(true);
        message.setId("router-message");
        return new VBox(toolbar(), dataBar, message);
    }

    private ToolBar toolbar() {
        Button load = new Button("Load data");
        load.setOnAction(e -> vm.loadData());
        Button current = new Button("Test current router");
        current.setOnAction(e -> vm.evaluateCurrent());
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.getItems().addAll("logreg", "mlp");
        kind.valueProperty().bindBidirectional(vm.kind());
        ChoiceBox<Integer> perRoute = new ChoiceBox<>();
        perRoute.setId("router-per-route");
        perRoute.getItems().addAll(0, 1000, 5000, 20_000, 50_000);
        perRoute.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer n) {
                return n == null || n == 0 ? "as recorded" : n + " per route";
            }

            @Override
            public Integer fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        perRoute.setValue(vm.perRoute().get());
        perRoute.valueProperty().addListener((o, a, b) -> vm.perRoute().set(b == null ? 0 : b));
        perRoute.setTooltip(new Tooltip("Training examples per route when the data is loaded"));
        CheckBox ngrams = new CheckBox("with n-grams");
        ngrams.setId("router-with-ngrams");
        ngrams.selectedProperty().bindBidirectional(vm.withNgrams());
        ngrams.visibleProperty().bind(vm.encoderGrid());
        ngrams.managedProperty().bind(ngrams.visibleProperty());
        ngrams.setTooltip(new Tooltip("On a grid with an encoder: the router learns from the text's hashed n-grams "
                + "beside the encoder's embedding"));
        Button newRouter = new Button("New router");
        newRouter.setId("router-new");
        newRouter.setGraphic(new FontIcon(FontAwesomeSolid.MAGIC));
        newRouter.setTooltip(new Tooltip("Pool the experts' labelled data and train a router on it, in one go; "
                + "Apply to grid adds it to the grid"));
        newRouter.setOnAction(e -> vm.newRouter());
        newRouter.disableProperty().bind(vm.busy());
        Button train = new Button("Train");
        train.setOnAction(e -> vm.train());
        Button whole = new Button("Test whole grid");
        whole.setOnAction(e -> vm.testJoint());
        Button apply = new Button("Apply to grid");
        apply.setOnAction(e -> vm.apply());
        apply.disableProperty().bind(vm.candidate().isNull());
        whole.disableProperty().bind(vm.candidate().isNull());
        train.disableProperty().bind(vm.pool().isNull().or(vm.busy()));
        current.disableProperty().bind(vm.pool().isNull().or(vm.busy()).or(vm.hasRouter().not()));
        load.disableProperty().bind(vm.busy());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busy());
        return new ToolBar(newRouter, new Separator(Orientation.VERTICAL), load, perRoute,
                new Separator(Orientation.VERTICAL), current, new Label("or train a"), kind,
                new Label("router"), ngrams, train, new Separator(Orientation.VERTICAL), whole, apply, busy);
    }

    /** The held-out figures at the threshold, then the tables: data per route, misroutes, whole grid. */
    private VBox left() {
        TableView<RouterLabViewModel.RouteData> routes = new TableView<>(vm.routes());
        routes.getColumns().add(col("route", RouterLabViewModel.RouteData::route, 110));
        routes.getColumns().add(col("train", r -> Integer.toString(r.train()), 60));
        routes.getColumns().add(col("held out", r -> Integer.toString(r.test()), 80));
        routes.getColumns().add(col("examples", r -> String.join(" | ", r.examples()), 300));
        routes.setPlaceholder(new Label("Load data to see each route's training data"));
        // under a window manager (GTK glass, Xvfb and openbox; never under Monocle) the rows stayed undrawn after
        // Load data until a tab switch or a resize: the table's layout request did not reach it (refresh() alone
        // did not help); asking every parent up to the scene for a layout once the items are in does
        vm.routes().addListener((ListChangeListener<RouterLabViewModel.RouteData>) c -> Platform.runLater(() -> {
            routes.refresh();
            for (Parent p = routes; p != null; p = p.getParent()) {
                p.requestLayout();
            }
        }));
        TableView<RouterMetrics.Routed> misrouted = new TableView<>(vm.misrouted());
        misrouted.getColumns().add(col("request", r -> text(r), 230));
        misrouted.getColumns().add(col("route", r -> r.example().route(), 110));
        misrouted.getColumns().add(col("sent to", RouterMetrics.Routed::predicted, 80));
        misrouted.getColumns().add(col("confidence", r -> String.format(Locale.ROOT, "%.3f", r.confidence()), 85));
        misrouted.setPlaceholder(new Label("No misrouted requests"));
        misrouted.setTooltip(new Tooltip("Held-out requests sent to the wrong expert, most confident first; "
                + "right-click one to add it to your requests with its right route"));
        misrouted.setRowFactory(t -> misroutedRow());
        joint.getColumns().add(col("route", JointReport.RouteFigures::route, 110));
        joint.getColumns().add(col("n", f -> Long.toString(f.n()), 50));
        joint.getColumns().add(col("routed", f -> pct(f.routerAccuracy()), 70));
        joint.getColumns().add(col("answered", f -> pct(f.coverage()), 80));
        joint.getColumns().add(col("expert", f -> pct(f.expertAccuracy()), 70));
        joint.getColumns().add(col("joint", f -> pct(f.jointAccuracy()), 65));
        joint.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        joint.setTooltip(new Tooltip("routed: share sent to the right expert; answered: share "
                + "above the threshold; expert: the expert's accuracy on what it got; joint: right answers of all"));
        joint.setPlaceholder(new Label("Test whole grid for joint accuracy per route"));
        tables.getTabs().addAll(new Tab("Data", routes), new Tab("Misrouted", misrouted),
                new Tab("Whole grid", joint));
        tables.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tables, Priority.ALWAYS);
        figures.setId("router-figures");
        figures.setWrapText(true);
        figures.getStyleClass().add("router-figures");
        figures.setText("Load the data, then test the current router or train a new one.");
        VBox box = new VBox(6, thresholdControl(), figures, tables);
        box.setPadding(new Insets(6));
        return box;
    }

    /** A misrouted request's context menu: add it to the user's requests, labelled with the route chosen. */
    private TableRow<RouterMetrics.Routed> misroutedRow() {
        TableRow<RouterMetrics.Routed> row = new TableRow<>();
        ContextMenu menu = new ContextMenu();
        menu.setOnShowing(e -> {
            menu.getItems().clear();
            RouterMetrics.Routed r = row.getItem();
            if (r == null) {
                return;
            }
            List<String> choices = new ArrayList<>(vm.requests().routeChoices());
            choices.remove(r.example().route());
            choices.add(0, r.example().route());
            for (String route : choices) {
                MenuItem item = new MenuItem("Add to your requests as " + route
                        + (route.equals(r.example().route()) ? " (its expert's route)" : ""));
                item.setOnAction(a -> vm.labelMisroute(r, route));
                menu.getItems().add(item);
            }
        });
        row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(menu));
        return row;
    }

    private static String text(RouterMetrics.Routed r) {
        return r.example().request() instanceof TextRequest t ? t.text()
                : r.example().request().kind();
    }

    /** The threshold slider (marked on the coverage chart): moving it recomputes every figure. */
    private VBox thresholdControl() {
        Slider slider = new Slider(0, 1, vm.threshold().get());
        slider.setId("router-threshold");
        slider.valueProperty().bindBidirectional(vm.threshold());
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(true);
        slider.setMajorTickUnit(0.25);
        Label sliderLabel = new Label();
        sliderLabel.textProperty().bind(vm.threshold().asString(Locale.ROOT,
                "threshold %.3f: below it, the fallback answers"));
        vm.threshold().addListener((o, a, t) -> thresholdMark.setValue(t.doubleValue()));
        VBox box = new VBox(2, sliderLabel, slider);
        box.setPadding(new Insets(0, 4, 4, 4));
        return box;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static <S> TableColumn<S, String> col(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return Columns.size(c, width);
    }

    private void epochs() {
        var list = vm.epochs();
        double[] x = new double[list.size()];
        double[] l = new double[list.size()];
        double[] t = new double[list.size()];
        double[] v = new double[list.size()];
        for (int i = 0; i < list.size(); i++) {
            x[i] = list.get(i).epoch();
            l[i] = list.get(i).trainLoss();
            t[i] = list.get(i).trainAccuracy();
            v[i] = list.get(i).validationAccuracy();
        }
        loss.set(x, l);
        trainAcc.set(x, t);
        valAcc.set(x, v);
    }

    private void report(RouterReport r) {
        if (r == null) {
            return;
        }
        double[] bx = r.reliability().stream().filter(b -> b.count() > 0).mapToDouble(Calibration.Bin::confidence)
                .toArray();
        double[] by = r.reliability().stream().filter(b -> b.count() > 0).mapToDouble(Calibration.Bin::accuracy)
                .toArray();
        reliability.set(bx, by);
        double[] tx = r.curve().stream().mapToDouble(RouterReport.CurvePoint::threshold).toArray();
        coverage.set(tx, r.curve().stream().mapToDouble(RouterReport.CurvePoint::coverage).toArray());
        answeredAccuracy.set(tx, r.curve().stream().mapToDouble(RouterReport.CurvePoint::accuracy).toArray());
        confusion.show(r.routes(), r.confusion());
        StringBuilder per = new StringBuilder();
        for (ClassMetrics c : r.perRoute()) {
            per.append(String.format(Locale.ROOT, "%n  %-10s precision %.3f  recall %.3f", c.label(), c.precision(),
                    c.recall()));
        }
        String oos = r.oosFallbackShare() == null ? "" : String.format(Locale.ROOT,
                "%nout of scope: %.1f%% of %d go to the fallback", 100 * r.oosFallbackShare(), r.oosN());
        figures.setText(String.format(Locale.ROOT, "held out %d: accuracy %.4f, macro-F1 %.4f, ECE %.4f%n"
                + "at %.3f: coverage %.1f%%, misroute rate %.2f%%%s%s", r.n(), r.accuracy(), r.macroF1(), r.ece(),
                r.threshold(), 100 * r.coverage(), 100 * r.misrouteRate(), oos, per));
    }
}
