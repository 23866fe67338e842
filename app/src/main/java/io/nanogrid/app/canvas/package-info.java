/** The designer's canvas: nodes and edges of the grid, drag, select, zoom and connect, with their view model. */
package io.nanogrid.app.canvas;
