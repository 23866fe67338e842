package io.nanogrid.app;

import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** The main window's content. For now a plain summary of the grid; the designer issue builds the canvas. */
final class MainWindow {
    private final BorderPane root = new BorderPane();
    private final String title;

    MainWindow(Path gridFile, String view) {
        VBox box = new VBox(8);
        box.setPadding(new Insets(24));
        if (gridFile == null) {
            title = "Nanogrid";
            box.getChildren().add(new Label("No grid open. Run: nanogrid gui --grid GRID.json"));
        } else {
            GridSpec spec = GridFiles.read(gridFile);
            title = "Nanogrid - " + spec.name();
            box.getChildren().add(new Label("Grid " + spec.name() + " (" + gridFile + ")"));
            if (spec.router() != null) {
                box.getChildren().add(new Label("Router: " + spec.router().model() + ", threshold "
                        + spec.router().threshold()));
            }
            for (ExpertSpec e : spec.experts()) {
                box.getChildren().add(new Label("Expert " + e.id() + ": " + e.model()));
            }
        }
        root.setCenter(box);
    }

    Parent root() {
        return root;
    }

    String title() {
        return title;
    }
}
