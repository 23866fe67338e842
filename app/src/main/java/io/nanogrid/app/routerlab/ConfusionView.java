package io.nanogrid.app.routerlab;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** A confusion matrix as a heatmap: rows are true routes, columns where they were sent; shade by row share. */
final class ConfusionView extends VBox {
    private final GridPane grid = new GridPane();

    ConfusionView() {
        getStyleClass().add("confusion");
        Label title = new Label("Confusion (rows: true route, columns: routed to)");
        title.getStyleClass().add("chart-title-label");
        grid.setHgap(2);
        grid.setVgap(2);
        grid.setPadding(new Insets(6));
        getChildren().addAll(title, grid);
        setSpacing(4);
        setPadding(new Insets(6));
    }

    void show(List<String> labels, long[][] m) {
        grid.getChildren().clear();
        if (labels == null || m == null) {
            return;
        }
        for (int j = 0; j < labels.size(); j++) {
            Label h = new Label(labels.get(j));
            h.getStyleClass().add("confusion-header");
            grid.add(h, j + 1, 0);
        }
        for (int i = 0; i < labels.size(); i++) {
            Label rowName = new Label(labels.get(i));
            rowName.getStyleClass().add("confusion-header");
            grid.add(rowName, 0, i + 1);
            long total = 0;
            for (long v : m[i]) {
                total += v;
            }
            for (int j = 0; j < labels.size(); j++) {
                double share = total == 0 ? 0 : (double) m[i][j] / total;
                Label cell = new Label(Long.toString(m[i][j]));
                cell.setMinSize(56, 28);
                cell.setAlignment(Pos.CENTER);
                String color = i == j ? "45, 164, 78" : "207, 34, 46";
                double alpha = m[i][j] == 0 ? 0.04 : 0.15 + 0.85 * Math.sqrt(share);
                cell.setStyle(String.format(Locale.ROOT, "-fx-background-color: rgba(%s, %.2f); -fx-text-fill: %s;",
                        color, alpha, share > 0.5 ? "white" : "-color-fg-default"));
                Tooltip.install(cell, new Tooltip(String.format(Locale.ROOT, "%s sent to %s: %d (%.1f%% of %s)",
                        labels.get(i), labels.get(j), m[i][j], 100 * share, labels.get(i))));
                grid.add(cell, j + 1, i + 1);
            }
        }
    }
}
