package io.nanogrid.app.canvas;

import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.shape.CubicCurve;

/** A connection drawn as a curve from the router's right side to a node's left side, with its label. */
final class EdgeView extends Group {
    private final EdgeModel model;
    private final CubicCurve curve = new CubicCurve();
    private final Label label;

    EdgeView(EdgeModel model) {
        this.model = model;
        curve.getStyleClass().addAll("grid-edge", model.fallback() ? "grid-edge-fallback" : "grid-edge-route");
        curve.setFill(null);
        label = new Label(model.label());
        label.getStyleClass().addAll("edge-label", model.fallback() ? "edge-label-fallback" : "edge-label-route");
        getChildren().addAll(curve, label);
        setMouseTransparent(true);
    }

    EdgeModel model() {
        return model;
    }

    /** Places the curve between two node rectangles (top-left corners in canvas units). */
    void place(double fromX, double fromY, double toX, double toY) {
        double sx = fromX + NodeModel.WIDTH;
        double sy = fromY + NodeModel.HEIGHT / 2;
        double ex = toX;
        double ey = toY + NodeModel.HEIGHT / 2;
        double dx = Math.max(60, (ex - sx) / 2);
        curve.setStartX(sx);
        curve.setStartY(sy);
        curve.setControlX1(sx + dx);
        curve.setControlY1(sy);
        curve.setControlX2(ex - dx);
        curve.setControlY2(ey);
        curve.setEndX(ex);
        curve.setEndY(ey);
        label.applyCss();
        double w = label.prefWidth(-1);
        double h = label.prefHeight(-1);
        // at t = 0.75 of the curve, near the target, so labels of fanned-out edges do not collide
        double t = 0.75;
        double mt = 1 - t;
        double x = mt * mt * mt * sx + 3 * mt * mt * t * (sx + dx) + 3 * mt * t * t * (ex - dx) + t * t * t * ex;
        double y = mt * mt * mt * sy + 3 * mt * mt * t * sy + 3 * mt * t * t * ey + t * t * t * ey;
        label.resizeRelocate(x - w / 2, y - h / 2, w, h);
    }
}
