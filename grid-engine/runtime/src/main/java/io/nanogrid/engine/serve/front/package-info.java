/** The connection guard in front of serve's HTTP server: deadlines, limits and refusals before a thread is spent. */
package io.nanogrid.engine.serve.front;
