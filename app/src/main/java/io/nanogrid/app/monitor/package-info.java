/** The live monitor: load on the running grid, latency, throughput and memory charts, faults and export. */
package io.nanogrid.app.monitor;
