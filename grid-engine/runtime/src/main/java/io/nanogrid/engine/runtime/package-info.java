/** A running grid: route, expert calls with time limits and circuit breakers, faults, typed errors, timings. */
package io.nanogrid.engine.runtime;
