package io.nanogrid.app.main;

import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
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

    /**
     * Shows a message about the grid until the grid changes again: its advice ("connect it to the router") is
     * stale once the user has acted (a walk-through found it still shown after the router was applied and the
     * grid saved). The change that caused the message may still be under way, so the watch starts after it.
     */
    static void showUntilNextChange(NotificationPane pane, String message, ObservableValue<?> grid) {
        show(pane, message);
        Platform.runLater(() -> grid.addListener(new ChangeListener<Object>() {
            @Override
            public void changed(ObservableValue<?> o, Object before, Object after) {
                grid.removeListener(this);
                if (pane.isShowing() && message.equals(pane.getText())) {
                    pane.hide();
                }
            }
        }));
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
