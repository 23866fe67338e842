package io.nanogrid.engine.grid;

/** Where a node sits on the canvas, in canvas units (pixels at zoom 1). */
public record NodePosition(double x, double y) {
}
