/** The quantization lab: sweep, Pareto front, budgets and the planner's choice, applied to the grid. */
package io.nanogrid.app.quantlab;
