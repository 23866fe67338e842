package io.nanogrid.app.canvas;

import java.util.Locale;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.CubicCurve;

/** A connection drawn as a curve from the source's right side to a node's left side, with its label. */
final class EdgeView extends Group {
    private final EdgeModel model;
    private final CubicCurve curve = new CubicCurve();
    private final Label label;

    EdgeView(EdgeModel model) {
        this.model = model;
        String kind = model.kind().name().toLowerCase(Locale.ROOT);
        curve.getStyleClass().addAll("grid-edge", "grid-edge-" + kind);
        curve.setFill(null);
        label = new Label(model.label());
        label.getStyleClass().addAll("edge-label", "edge-label-" + kind);
        label.setVisible(!model.label().isEmpty());
        getChildren().addAll(curve, label);
        setMouseTransparent(true);
    }

    EdgeModel model() {
        return model;
    }

    /**
     * Places the curve between two node rectangles (top-left corners in canvas units): from the source's right
     * side to the target's left side, or, when one is above the other, from the bottom of the upper one to the
     * top of the lower one (the encoder above the router).
     */
    void place(double fromX, double fromY, double toX, double toY) {
        boolean stacked = Math.abs(toX - fromX) < NodeModel.WIDTH && Math.abs(toY - fromY) > NodeModel.HEIGHT;
        if (stacked) {
            boolean down = toY > fromY;
            double sx = fromX + NodeModel.WIDTH / 2;
            double sy = down ? fromY + NodeModel.HEIGHT : fromY;
            double ex = toX + NodeModel.WIDTH / 2;
            double ey = down ? toY : toY + NodeModel.HEIGHT;
            double dy = Math.max(30, Math.abs(ey - sy) / 2) * (down ? 1 : -1);
            curve(sx, sy, sx, sy + dy, ex, ey - dy, ex, ey);
            label(0.5);
            return;
        }
        double sx = fromX + NodeModel.WIDTH;
        double sy = fromY + NodeModel.HEIGHT / 2;
        double ex = toX;
        double ey = toY + NodeModel.HEIGHT / 2;
        double dx = Math.max(60, (ex - sx) / 2);
        curve(sx, sy, sx + dx, sy, ex - dx, ey, ex, ey);
        // at t = 0.75 of the curve, near the target, so labels of fanned-out edges do not collide
        label(0.75);
    }

    private void curve(double sx, double sy, double c1x, double c1y, double c2x, double c2y, double ex, double ey) {
        curve.setStartX(sx);
        curve.setStartY(sy);
        curve.setControlX1(c1x);
        curve.setControlY1(c1y);
        curve.setControlX2(c2x);
        curve.setControlY2(c2y);
        curve.setEndX(ex);
        curve.setEndY(ey);
    }

    /** Centers the label on the curve at {@code t} (0 at its start, 1 at its end). */
    private void label(double t) {
        label.applyCss();
        double w = label.prefWidth(-1);
        double h = label.prefHeight(-1);
        double mt = 1 - t;
        double x = mt * mt * mt * curve.getStartX() + 3 * mt * mt * t * curve.getControlX1()
                + 3 * mt * t * t * curve.getControlX2() + t * t * t * curve.getEndX();
        double y = mt * mt * mt * curve.getStartY() + 3 * mt * mt * t * curve.getControlY1()
                + 3 * mt * t * t * curve.getControlY2() + t * t * t * curve.getEndY();
        label.resizeRelocate(x - w / 2, y - h / 2, w, h);
    }
}
