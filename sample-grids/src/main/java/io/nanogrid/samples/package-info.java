/** The sample grids' reproducible builder (nanogrid samples build): data, training, assembly. */
package io.nanogrid.samples;
