package io.nanogrid.app.main;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
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
}
