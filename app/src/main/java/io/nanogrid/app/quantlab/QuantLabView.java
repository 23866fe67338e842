package io.nanogrid.app.quantlab;

import io.fair_acc.chartfx.XYChart;
import io.nanogrid.app.charts.Charts;
import io.nanogrid.app.charts.FxDataSet;
import io.nanogrid.app.widgets.Columns;
import io.nanogrid.engine.quant.PlanReport;
import io.nanogrid.engine.quant.SweepReport;
import io.nanogrid.onnx.WeightBits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The quantization lab: experts x variants, the accuracy-versus-memory scatter, the budget planner. */
public final class QuantLabView extends BorderPane {
    private final QuantLabViewModel vm;
    private final TableView<SweepReport.ModelRow> table;
    private final ChoiceBox<String> shown = new ChoiceBox<>();
    private final XYChart scatter;
    private final FxDataSet variantsSet = new FxDataSet("variants");
    private final FxDataSet frontSet = new FxDataSet("Pareto front");
    private final FxDataSet chosenSet = new FxDataSet("planned for the budget");
    private final Slider budget = new Slider();
    private final Slider latency = new Slider();
    private final Label planText = new Label("Run a sweep to plan.");

    /** @param dataBar where the experts' labelled data is, and what to do when it is missing */
    public QuantLabView(QuantLabViewModel vm, Node dataBar) {
        this.vm = vm;
        getStyleClass().add("quant-lab");
        Label message = new Label();
        message.textProperty().bind(vm.message());
        message.getStyleClass().add("lab-message");
        message.setWrapText(true);
        setTop(new VBox(toolbar(), dataBar, message));
        table = table();
        scatter = Charts.xy("Accuracy versus memory", "resident memory", "MB", "accuracy", null);
        scatter.getYAxis().nameProperty().bind(vm.measure());
        scatter.titleProperty().bind(vm.measure().map(m -> m.substring(0, 1).toUpperCase(Locale.ROOT) + m.substring(1)
                + " versus memory"));
        Charts.lines(scatter, frontSet);
        Charts.points(scatter, 4, variantsSet);
        Charts.points(scatter, 8, chosenSet);
        VBox.setVgrow(scatter, Priority.ALWAYS);
        // tall enough for the vertical axis's name ("agreement with float" was cut to "reement with flo"); inline,
        // since ChartFX's stylesheet sets a minimum height that overrides setMinHeight
        scatter.setStyle("-fx-min-height: 250px;");
        shown.getItems().add("whole grid");
        shown.setValue("whole grid");
        shown.setMinWidth(140);
        shown.valueProperty().addListener((o, a, b) -> redraw());
        budget.setId("quant-budget");
        budget.setShowTickLabels(false);
        budget.valueProperty().bindBidirectional(vm.budget());
        budget.setPrefWidth(360);
        Label budgetLabel = new Label();
        budgetLabel.textProperty().bind(vm.budget().map(b -> String.format(Locale.ROOT, "memory budget %.2f MB",
                b.doubleValue() / 1048576)));
        latency.setId("quant-latency");
        latency.setPrefWidth(360);
        latency.valueProperty().bindBidirectional(vm.latencyBudget());
        Label latencyLabel = new Label();
        latencyLabel.textProperty().bind(latency.valueProperty().map(v -> v.doubleValue() >= latency.getMax()
                ? "latency budget: none" : String.format(Locale.ROOT, "latency budget %.1f µs per request (predicted)",
                        v.doubleValue())));
        planText.setId("quant-plan");
        planText.setWrapText(true);
        planText.setMinHeight(Region.USE_PREF_SIZE);
        Button apply = new Button("Apply plan to grid");
        apply.getStyleClass().add("accent");
        apply.setOnAction(e -> vm.apply());
        apply.disableProperty().bind(vm.plan().isNull());
        Button measure = new Button("Sensitivity");
        measure.setId("quant-sensitivity");
        measure.setOnAction(e -> vm.runSensitivity(shown.getValue()));
        measure.disableProperty().bind(vm.busy().or(shown.valueProperty().isEqualTo("whole grid")));
        SensitivityChart sensitivity = new SensitivityChart(vm.sensitivity());
        VBox right = new VBox(8, new HBox(8, new Label("Show"), shown, measure), scatter, budgetLabel, budget,
                latencyLabel, latency, planText, apply, sensitivity);
        right.setPadding(new Insets(8));
        // scrolls when the window is too short for the charts, the sliders and the plan together
        ScrollPane scroll = new ScrollPane(right);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        SplitPane center = new SplitPane(table, scroll);
        center.setDividerPositions(0.56);
        setCenter(center);
        vm.sweep().addListener((o, a, r) -> {
            shown.getItems().setAll("whole grid");
            if (r != null) {
                r.report().models().stream().map(SweepReport.ModelRow::expert).distinct()
                        .forEach(shown.getItems()::add);
                long[] range = vm.budgetRange();
                budget.setMin(range[0]);
                budget.setMax(range[1]);
                double[] micros = vm.latencyRange();
                latency.setMin(micros[0]);
                latency.setMax(micros[1]);
                latency.setValue(micros[1]); // no latency budget until the user moves it
            }
            shown.setValue("whole grid");
            redraw();
        });
        vm.plan().addListener((o, a, p) -> {
            describe(p);
            table.refresh();
            redraw();
        });
    }

    private ToolBar toolbar() {
        List<Node> items = new ArrayList<>();
        items.add(new Label("bits"));
        for (int w : WeightBits.WIDTHS) {
            String b = String.valueOf(w);
            items.add(check(b, vm.bits(b), "quant-bits-" + b));
        }
        items.add(new Separator(Orientation.VERTICAL));
        items.add(new Label("block"));
        for (String b : List.of("32", "128")) {
            items.add(check(b, vm.block(b), "quant-block-" + b));
        }
        items.add(new Separator(Orientation.VERTICAL));
        items.add(new Label("method"));
        for (String m : List.of("rtn", "search")) {
            items.add(check(m, vm.method(m), "quant-method-" + m));
        }
        items.add(new Separator(Orientation.VERTICAL));
        items.add(check("dynamic int8", vm.dynamic(), "quant-dynamic"));
        Button sweep = new Button("Sweep");
        sweep.setOnAction(e -> vm.runSweep());
        sweep.disableProperty().bind(vm.busy());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busy());
        items.add(new Separator(Orientation.VERTICAL));
        items.add(sweep);
        items.add(busy);
        return new ToolBar(items.toArray(new Node[0]));
    }

    private static CheckBox check(String text, BooleanProperty p, String id) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        c.selectedProperty().bindBidirectional(p);
        return c;
    }

    private TableView<SweepReport.ModelRow> table() {
        TableView<SweepReport.ModelRow> t = new TableView<>(vm.rows());
        t.setId("quant-table");
        t.getColumns().add(col("expert", SweepReport.ModelRow::expert, 95));
        t.getColumns().add(col("variant", SweepReport.ModelRow::variant, 115));
        t.getColumns().add(col("file MB", r -> megabytes(r.fileBytes()), 70));
        t.getColumns().add(col("RAM MB", r -> megabytes(r.residentBytes()), 70));
        t.getColumns().add(col("p50 µs", r -> String.format(Locale.ROOT, "%.1f", r.p50Micros()), 65));
        t.getColumns().add(col("accuracy", r -> r.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f",
                r.accuracy()), 80));
        t.getColumns().add(col("agree", r -> String.format(Locale.ROOT, "%.4f", r.top1Agreement()), 70));
        t.getColumns().add(col("KL", r -> String.format(Locale.ROOT, "%.4f", r.meanKl()), 65));
        t.getColumns().forEach(c -> c.setMinWidth(c.getPrefWidth()));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        t.setPlaceholder(new Label("Run a sweep: every expert in every ticked variant"));
        t.setRowFactory(v -> new TableRow<>() {
            @Override
            protected void updateItem(SweepReport.ModelRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove("planned");
                PlanReport p = vm.plan().get();
                if (!empty && row != null && p != null && p.chosen() != null
                        && row.variant().equals(p.chosen().variants().getOrDefault(row.expert(), "float"))) {
                    getStyleClass().add("planned");
                }
            }
        });
        return t;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1048576.0);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1048576.0);
    }

    private static <S> TableColumn<S, String> col(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return Columns.size(c, width);
    }

    private void describe(PlanReport p) {
        if (p == null) {
            planText.setText("Run a sweep to plan.");
        } else if (p.chosen() == null) {
            planText.setText("Nothing fits " + mb(p.budgetBytes()) + (p.latencyBudgetMicros() == null ? ""
                    : String.format(Locale.ROOT, " and %.1f µs", p.latencyBudgetMicros())) + ": move a budget up.");
        } else {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Plan: %s resident, predicted %s %.4f, "
                    + "%.1f µs per request (all float: %s, %.4f, %.1f µs)%s%n", mb(p.chosen().bytes()), vm.measure().get(),
                    p.chosen().predicted(), p.chosen().latencyMicros(), mb(p.allFloat().bytes()),
                    p.allFloat().predicted(), p.allFloat().latencyMicros(), noise(p.allFloat().predicted())));
            p.chosen().variants().forEach((e, v) -> s.append("  ").append(e).append(": ").append(v).append('\n'));
            planText.setText(s.toString().strip());
        }
    }

    /** The standard error of an accuracy measured on the sweep's examples: differences below it are noise. */
    private String noise(double accuracy) {
        var r = vm.sweep().get();
        int n = r == null ? 0 : r.report().examples();
        if (n == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "; ±%.4f standard error at %d examples", Math.sqrt(accuracy * (1 - accuracy)
                / n), n);
    }

    /** Points of the shown expert (or of the whole grid's plans), its Pareto front, the planned point. */
    private void redraw() {
        var r = vm.sweep().get();
        PlanReport p = vm.plan().get();
        if (r == null) {
            variantsSet.clearData();
            frontSet.clearData();
            chosenSet.clearData();
            return;
        }
        String who = shown.getValue();
        List<double[]> points = new ArrayList<>();
        if (who == null || who.equals("whole grid")) {
            for (SweepReport.GridRow g : r.report().grid()) {
                Double y = g.jointAccuracy() != null ? g.jointAccuracy() : g.top1Agreement();
                points.add(new double[] {g.residentBytes() / 1048576.0, y});
            }
            set(variantsSet, points);
            List<double[]> front = new ArrayList<>();
            if (p != null) {
                p.front().stream().sorted(Comparator.comparingLong(PlanReport.Plan::bytes))
                        .forEach(f -> front.add(new double[] {f.bytes() / 1048576.0, f.predicted()}));
            }
            set(frontSet, front);
            set(chosenSet, p == null || p.chosen() == null ? List.of()
                    : List.of(new double[] {p.chosen().bytes() / 1048576.0, p.chosen().predicted()}));
        } else {
            List<SweepReport.ModelRow> rows = r.report().models().stream().filter(m -> m.expert().equals(who))
                    .toList();
            for (SweepReport.ModelRow m : rows) {
                points.add(new double[] {m.residentBytes() / 1048576.0, m.accuracy() != null ? m.accuracy()
                        : m.top1Agreement()});
            }
            set(variantsSet, points);
            set(frontSet, front(points));
            String planned = p == null || p.chosen() == null ? null : p.chosen().variants().getOrDefault(who, "float");
            set(chosenSet, rows.stream().filter(m -> m.variant().equals(planned)).map(m -> new double[] {
                m.residentBytes() / 1048576.0, m.accuracy() != null ? m.accuracy() : m.top1Agreement()}).toList());
        }
    }

    /** The points no other point beats in both memory (lower) and accuracy (higher), by memory. */
    static List<double[]> front(List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparing(a -> -a[1]));
        List<double[]> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (double[] pt : sorted) {
            if (pt[1] > best) {
                out.add(pt);
                best = pt[1];
            }
        }
        return out;
    }

    private static void set(FxDataSet d, List<double[]> points) {
        double[] x = points.stream().mapToDouble(a -> a[0]).toArray();
        double[] y = points.stream().mapToDouble(a -> a[1]).toArray();
        d.set(x, y);
    }
}
