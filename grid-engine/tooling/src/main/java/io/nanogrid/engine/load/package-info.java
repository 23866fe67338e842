/** Load on a running grid (paced or unpaced, replayed requests) and its rolling metrics, for the monitor. */
package io.nanogrid.engine.load;
