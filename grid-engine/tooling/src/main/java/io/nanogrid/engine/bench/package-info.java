/** Benchmarks of grids and models: latency percentiles, overhead, memory and threads per session. */
package io.nanogrid.engine.bench;
