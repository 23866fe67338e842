package io.nanogrid.app.main;

import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.NotificationPane;

/**
 * The designer's banner: a long message (a model's input described, a path) ends in "..." at the window's
 * edge, so its tooltip holds the whole text. (The bar keeps one line: ControlsFX sizes it without wrapping.)
 */
final class Banner {
    private Banner() {
    }

    static void show(NotificationPane pane, String message) {
        pane.show(message);
        // the bar's label exists once its skin has laid it out
        Platform.runLater(() -> label(pane, message).ifPresent(l -> l.setTooltip(new Tooltip(message))));
    }

    /** The bar's label showing the message, if the bar is shown. */
    static Optional<Label> label(NotificationPane pane, String message) {
        for (Node n : pane.lookupAll(".notification-bar .label")) {
            if (n instanceof Label l && message.equals(l.getText())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
