/** nanogrid serve: the HTTP API over a bundle's grid, with hot updates, health and Prometheus metrics. */
package io.nanogrid.engine.serve;
