package io.nanogrid.app.main;

import io.nanogrid.app.canvas.DesignerViewModel;
import io.nanogrid.app.data.LabData;
import io.nanogrid.engine.router.ExpertDataStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The designer's to-do strip over the canvas: what a grid in progress lacks (no router yet, experts not connected,
 * experts without labelled data), each with a link that does it. Hidden when the grid lacks nothing.
 */
final class GridTodo extends VBox {
    private final DesignerViewModel designer;
    private final LabData data;
    private final Runnable newRouter;
    private final Runnable importModel;
    private final Consumer<String> chooseData;

    GridTodo(DesignerViewModel designer, LabData data, Runnable newRouter, Runnable importModel,
            Consumer<String> chooseData) {
        this.designer = designer;
        this.data = data;
        this.newRouter = newRouter;
        this.importModel = importModel;
        this.chooseData = chooseData;
        getStyleClass().add("grid-todo");
        setId("grid-todo");
        setSpacing(2);
        setMaxWidth(Region.USE_PREF_SIZE);
        setMaxHeight(Region.USE_PREF_SIZE);
        designer.lacks().addListener((ListChangeListener<String>) c -> fill());
        data.experts().addListener((ListChangeListener<ExpertDataStatus>) c -> fill());
        fill();
    }

    private void fill() {
        List<HBox> rows = new ArrayList<>();
        for (String lack : designer.lacks()) {
            int cut = lack.indexOf("New router...");
            if (cut >= 0) {
                rows.add(row(lack.substring(0, cut), link("New router...", newRouter), lack.substring(cut
                        + "New router...".length())));
            } else if (lack.endsWith("Import ONNX model...")) {
                rows.add(row(lack.substring(0, lack.length() - "Import ONNX model...".length()),
                        link("Import ONNX model...", importModel), ""));
            } else {
                rows.add(row(lack, null, ""));
            }
        }
        List<String> lacking = data.lacking();
        if (!lacking.isEmpty()) {
            String first = lacking.get(0);
            rows.add(row("no labelled data for the router and the labs: " + String.join(", ", lacking) + ": ",
                    link("Choose labelled data for " + first + "...", () -> chooseData.accept(first)), ""));
        }
        getChildren().setAll(rows);
        setVisible(!rows.isEmpty());
        setManaged(!rows.isEmpty());
    }

    private static Hyperlink link(String text, Runnable action) {
        Hyperlink l = new Hyperlink(text);
        l.setId("todo-" + text.replaceAll("[^A-Za-z]+", "-").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("-+$", ""));
        l.setOnAction(e -> action.run());
        l.setPadding(javafx.geometry.Insets.EMPTY);
        return l;
    }

    /** A part of a row, with its whole text in a tooltip when the strip is too narrow to show it. */
    private static Label text(String s) {
        Label l = new Label(s);
        l.setTooltip(new Tooltip(s));
        return l;
    }

    private static HBox row(String before, Hyperlink link, String after) {
        FontIcon icon = new FontIcon(FontAwesomeSolid.EXCLAMATION_CIRCLE);
        icon.getStyleClass().add("grid-todo-icon");
        HBox row = new HBox(4, icon, text(before));
        if (link != null) {
            link.setMinWidth(Region.USE_PREF_SIZE); // what to do stays whole; the text before it gives way
            row.getChildren().add(link);
        }
        if (!after.isBlank()) {
            row.getChildren().add(text(after.trim()));
        }
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
