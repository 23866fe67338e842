package io.nanogrid.app.routerlab;

import io.nanogrid.app.widgets.Columns;
import io.nanogrid.engine.router.RouterComparison;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * "Your requests": the user's own requests with where the current router sends each, their right route in one
 * click, "Retrain with your requests", and the router before and after, side by side on the same requests.
 */
final class UserRequestsView extends VBox {
    private static final List<String> SHOW = List.of("all requests", "misrouted", "unlabelled");
    private final RouterLabViewModel vm;
    private final UserRequestsModel model;
    private final TableView<BeforeAfter.Row> beforeAfter = new TableView<>();
    private final FilteredList<UserRequest> shown;

    UserRequestsView(RouterLabViewModel vm) {
        this.vm = vm;
        this.model = vm.requests();
        this.shown = new FilteredList<>(model.items(), r -> true);
        getStyleClass().add("user-requests");
        setSpacing(6);
        setPadding(new Insets(6));
        TableView<UserRequest> table = requestsTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(toolbar(), outOfScopeAndStatus(), table, beforeAfterBox());
        vm.comparison().addListener((o, a, c) -> beforeAfter.getItems().setAll(c == null ? List.of()
                : BeforeAfter.rows(c)));
        model.routeChoices().addListener((ListChangeListener<String>) c -> table.refresh());
        model.routerRoutes().addListener((ListChangeListener<String>) c -> table.refresh());
    }

    private HBox toolbar() {
        Button load = new Button("Load requests...");
        load.setId("requests-load");
        load.setOnAction(e -> choose("Load your requests", true).ifPresent(model::load));
        load.setTooltip(new Tooltip("A TSV, CSV or JSONL file with a text column and, when you know it, a route "
                + "column; or drop the file on the table"));
        ChoiceBox<String> show = filter();
        Button retrain = new Button("Retrain with your requests");
        retrain.setId("requests-retrain");
        retrain.getStyleClass().add("accent");
        retrain.setOnAction(e -> vm.retrainWithRequests());
        retrain.disableProperty().bind(vm.busy().or(model.labelledCount().isEqualTo(0)));
        Label count = new Label();
        count.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "%d requests, %d labelled", model.items().size(), model.labelledCount().get()), model.items(),
                model.labelledCount()));
        count.setId("requests-count");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox box = new HBox(8, load, show, count, grow, progress(), retrain);
        box.setAlignment(Pos.CENTER_LEFT);
        keepWidth(load, count, retrain);
        return box;
    }

    /** The out-of-scope set (load one, how many), then what happened last. */
    private HBox outOfScopeAndStatus() {
        Button oos = new Button("Out-of-scope set...");
        oos.getStyleClass().add("small");
        oos.setOnAction(e -> choose("Load out-of-scope requests, one a line", false).ifPresent(vm::loadOutOfScope));
        oos.setTooltip(new Tooltip("Requests no expert should answer, one a line: the share the fallback gets is "
                + "measured before and after"));
        Label oosText = new Label();
        oosText.textProperty().bind(vm.outOfScope());
        oosText.getStyleClass().add("lab-hint");
        Label status = new Label();
        status.textProperty().bind(model.status());
        status.getStyleClass().add("lab-hint");
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        keepWidth(oos, oosText);
        HBox box = new HBox(8, oos, oosText, new Separator(Orientation.VERTICAL), status);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** These keep their full text; the space left is what shrinks. */
    private static void keepWidth(Region... nodes) {
        for (Region n : nodes) {
            n.setMinWidth(Region.USE_PREF_SIZE);
        }
    }

    /** The lab's progress and a cancel button, while it works. */
    private HBox progress() {
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(110);
        Button cancel = new Button("Cancel");
        cancel.getStyleClass().add("small");
        cancel.setOnAction(e -> vm.cancel());
        HBox box = new HBox(4, bar, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        box.visibleProperty().bind(vm.task().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        vm.task().addListener((o, a, t) -> {
            bar.progressProperty().unbind();
            if (t != null) {
                bar.progressProperty().bind(t.progressProperty());
                Tooltip.install(bar, new Tooltip(t.getTitle()));
            }
        });
        return box;
    }

    /** Which requests the table shows: all, the misrouted ones, the unlabelled ones. */
    private ChoiceBox<String> filter() {
        ChoiceBox<String> show = new ChoiceBox<>(FXCollections.observableArrayList(SHOW));
        show.setId("requests-show");
        show.setValue(SHOW.get(0));
        show.valueProperty().addListener((o, a, v) -> shown.setPredicate(predicate(v)));
        return show;
    }

    private static Predicate<UserRequest> predicate(String show) {
        if (SHOW.get(1).equals(show)) {
            return UserRequest::misrouted;
        }
        if (SHOW.get(2).equals(show)) {
            return r -> !r.labelled();
        }
        return r -> true;
    }

    private TableView<UserRequest> requestsTable() {
        SortedList<UserRequest> sorted = new SortedList<>(shown);
        TableView<UserRequest> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("requests-table");
        table.getColumns().add(col("request", UserRequest::text, 270));
        table.getColumns().add(col("routed to", UserRequestsView::sentTo, 150));
        table.getColumns().add(col("confidence", r -> Double.isNaN(r.confidence()) ? ""
                : String.format(Locale.ROOT, "%.3f", r.confidence()), 115));
        TableColumn<UserRequest, UserRequest> right = new TableColumn<>("right route (one click)");
        right.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        right.setCellFactory(c -> new RouteButtonsCell(model));
        Columns.size(right, 310);
        right.setSortable(false);
        table.getColumns().add(right);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setRowFactory(t -> row());
        table.setPlaceholder(new Label("Load a file of your requests (a text column and, when you know it, a route "
                + "column), or drop it here"));
        table.setOnDragOver(this::dragOver);
        table.setOnDragDropped(this::dropped);
        return table;
    }

    private static String sentTo(UserRequest r) {
        if (r.choice() == null) {
            return "";
        }
        return r.answered() ? r.choice() : "fallback (" + r.choice() + " below the threshold)";
    }

    /** Misrouted rows stand out; the context menu labels or clears. */
    private TableRow<UserRequest> row() {
        TableRow<UserRequest> row = new TableRow<>() {
            @Override
            protected void updateItem(UserRequest item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("misrouted");
                if (!empty && item != null && item.misrouted()) {
                    getStyleClass().add("misrouted");
                }
            }
        };
        ContextMenu menu = new ContextMenu();
        menu.setOnShowing(e -> {
            menu.getItems().clear();
            UserRequest r = row.getItem();
            if (r == null) {
                return;
            }
            for (String route : model.routeChoices()) {
                MenuItem item = new MenuItem("Label as " + route);
                item.setOnAction(a -> model.label(r, route));
                menu.getItems().add(item);
            }
        });
        row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(menu));
        return row;
    }

    private VBox beforeAfterBox() {
        Label title = new Label("Before and after, on the same requests");
        title.getStyleClass().add("section-title");
        title.setTooltip(new Tooltip("The router the grid has and the one just trained, measured on the same "
                + "requests: the grid's held-out set, your held-out requests (a fifth of those labelled), and the "
                + "out-of-scope set"));
        beforeAfter.setId("before-after");
        beforeAfter.getColumns().add(rowCol("figure", BeforeAfter.Row::figure, 230));
        beforeAfter.getColumns().add(rowCol("current router", BeforeAfter.Row::before, 170));
        beforeAfter.getColumns().add(rowCol("new router", BeforeAfter.Row::after, 170));
        beforeAfter.getColumns().add(rowCol("change", BeforeAfter.Row::change, 110));
        beforeAfter.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        beforeAfter.setPlaceholder(new Label("Label some requests, then Retrain with your requests"));
        beforeAfter.setFixedCellSize(26);
        // five rows and the header, without a scroll bar
        beforeAfter.setPrefHeight(26 * 5 + 48);
        beforeAfter.setMinHeight(Region.USE_PREF_SIZE);
        Button apply = new Button("Apply the new router");
        apply.setOnAction(e -> vm.apply());
        apply.disableProperty().bind(vm.comparison().isNull().or(vm.busy()));
        apply.setTooltip(new Tooltip("Saves the new router beside the grid and sets its threshold, as one edit: "
                + "Edit > Undo goes back"));
        Label hint = new Label();
        hint.getStyleClass().add("lab-hint");
        hint.textProperty().bind(Bindings.createStringBinding(() -> hint(vm.comparison().get()), vm.comparison()));
        hint.setMinWidth(0);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        keepWidth(title, apply);
        HBox head = new HBox(8, title, hint, grow, apply);
        head.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, head, beforeAfter);
    }

    private static String hint(RouterComparison c) {
        return c == null || c.before() != null ? "" : "(no figures for the current router: see the message above)";
    }

    private static <S> TableColumn<S, String> col(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return Columns.size(c, width);
    }

    private static TableColumn<BeforeAfter.Row, String> rowCol(String title, Function<BeforeAfter.Row, String> value,
            double width) {
        TableColumn<BeforeAfter.Row, String> c = col(title, value, width);
        c.setSortable(false);
        return c;
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private void dropped(DragEvent e) {
        boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
        if (ok) {
            model.load(e.getDragboard().getFiles().get(0).toPath());
        }
        e.setDropCompleted(ok);
        e.consume();
    }

    private Optional<Path> choose(String title, boolean tables) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        if (tables) {
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Requests", "*.tsv", "*.csv", "*.jsonl",
                    "*.txt"));
        }
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        Path file = model.file();
        if (file != null && file.getParent().toFile().isDirectory()) {
            c.setInitialDirectory(file.getParent().toFile());
        }
        File f = c.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        return Optional.ofNullable(f).map(File::toPath);
    }
}
