package io.nanogrid.app.main;

import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;

/**
 * The main window's minimum and first size. Under a window manager a stage with no minimum opened at
 * 200x200, and native file dialogs shrank it to that again: the minimum keeps the canvas, the labs' charts and
 * the inspector usable, and the first size fills most of the screen without covering it.
 */
public final class WindowSize {
    /** Below this the labs' tables and charts no longer fit beside each other. */
    public static final double MIN_WIDTH = 1024;
    public static final double MIN_HEIGHT = 680;
    /** Larger than this the canvas only gains empty space. */
    static final double MAX_FIRST_WIDTH = 1600;
    static final double MAX_FIRST_HEIGHT = 1000;

    private WindowSize() {
    }

    /** The minimum on this screen: the standard one, or the whole screen when it is smaller. */
    public static Dimension2D minimum(Rectangle2D screen) {
        return new Dimension2D(Math.min(MIN_WIDTH, screen.getWidth()), Math.min(MIN_HEIGHT, screen.getHeight()));
    }

    /** The first size: 90% of the screen's usable area, at least the minimum, at most 1600x1000. */
    public static Dimension2D first(Rectangle2D screen) {
        Dimension2D min = minimum(screen);
        return new Dimension2D(Math.max(min.getWidth(), Math.min(MAX_FIRST_WIDTH, 0.9 * screen.getWidth())),
                Math.max(min.getHeight(), Math.min(MAX_FIRST_HEIGHT, 0.9 * screen.getHeight())));
    }

    /** Sets the stage's minimum for this screen, and grows it to the minimum if it is smaller. */
    public static void applyMinimum(Stage stage, Rectangle2D screen) {
        Dimension2D min = minimum(screen);
        stage.setMinWidth(min.getWidth());
        stage.setMinHeight(min.getHeight());
        if (stage.getWidth() < min.getWidth()) {
            stage.setWidth(min.getWidth());
        }
        if (stage.getHeight() < min.getHeight()) {
            stage.setHeight(min.getHeight());
        }
    }

    /**
     * Keeps the size the window manager gives the opening window. Under openbox a stage shown at its first
     * size passes through 200x200, then the window manager's size, and last JavaFX's answer to the 200x200:
     * its minimum (seen: 1440x900 -> 200x200 -> 1442x925 -> 1024x680). When the stage lands on its minimum
     * after it was larger, the larger size is put back; the first key or mouse press ends the watch, so a
     * window the user makes small stays small.
     */
    public static void keepOpeningSize(Stage stage) {
        OpeningWatch opening = new OpeningWatch();
        ChangeListener<Number> watch = (o, a, b) -> {
            if (!stage.isShowing()) {
                return;
            }
            Dimension2D back = opening.resized(stage.getWidth(), stage.getHeight(), stage.getMinWidth(),
                    stage.getMinHeight());
            if (back != null) {
                // later: a size set while the window system's resize is being delivered is overwritten by it
                Platform.runLater(() -> {
                    stage.setWidth(back.getWidth());
                    stage.setHeight(back.getHeight());
                });
            }
        };
        stage.widthProperty().addListener(watch);
        stage.heightProperty().addListener(watch);
        // a press, not any input: the pointer entering the window as it opens is an input event too
        EventHandler<InputEvent> end = new EventHandler<>() {
            @Override
            public void handle(InputEvent e) {
                stage.widthProperty().removeListener(watch);
                stage.heightProperty().removeListener(watch);
                stage.removeEventFilter(MouseEvent.MOUSE_PRESSED, this);
                stage.removeEventFilter(KeyEvent.KEY_PRESSED, this);
            }
        };
        stage.addEventFilter(MouseEvent.MOUSE_PRESSED, end);
        stage.addEventFilter(KeyEvent.KEY_PRESSED, end);
    }

    /** The decision of {@link #keepOpeningSize}: the largest size seen, put back when the minimum lands. */
    static final class OpeningWatch {
        private double width;
        private double height;

        /** The size to put back after a resize to {@code w x h}, or null to leave it. */
        Dimension2D resized(double w, double h, double minWidth, double minHeight) {
            if (Double.isNaN(w) || Double.isNaN(h)) {
                return null; // not sized yet: the first of the two properties is set before the other
            }
            if (w <= minWidth && h <= minHeight && width > w && height > h) {
                return new Dimension2D(width, height);
            }
            width = Math.max(width, w);
            height = Math.max(height, h);
            return null;
        }
    }
}
