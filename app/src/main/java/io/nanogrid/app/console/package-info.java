/** The test console: one request through the running grid, its answer, timings and history. */
package io.nanogrid.app.console;
