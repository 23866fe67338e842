/** The command line's plumbing (exit codes, formats, progress) and the device commands: run, inspect, serve... */
package io.nanogrid.engine.cli;
