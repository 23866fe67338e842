/** Progress and cancellation for long work, and a parallel range helper. */
package io.nanogrid.engine.task;
