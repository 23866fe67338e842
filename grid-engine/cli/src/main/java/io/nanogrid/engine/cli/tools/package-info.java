/** The workbench's commands (train, router, eval, bench, quantize, sweep, plan, export, data) and the full nanogrid. */
package io.nanogrid.engine.cli.tools;
