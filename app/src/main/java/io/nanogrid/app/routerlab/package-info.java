/** The router lab: training data, training curves, held-out figures, threshold and confusion, apply. */
package io.nanogrid.app.routerlab;
