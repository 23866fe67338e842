/** ChartFX helpers: data sets written on the FX thread only, and the charts' common styling. */
package io.nanogrid.app.charts;
