package io.nanogrid.app;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * What the window shows for the moment the workbench is being built after the first frame: the window's own
 * background and one line. Plain styles only, so that it needs nothing the theme's stylesheet defines.
 */
final class OpeningView {
    private OpeningView() {
    }

    static Parent root() {
        Label opening = new Label("Opening the workbench\u2026");
        opening.setStyle("-fx-font-size: 15px; -fx-text-fill: #57606a;");
        StackPane root = new StackPane(opening);
        root.setAlignment(Pos.CENTER);
        root.setStyle("-fx-background-color: #ffffff;");
        return root;
    }
}
