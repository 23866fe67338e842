/** The grid file: its records (experts, router, adapters, decoders, resilience), validation and atomic writes. */
package io.nanogrid.engine.grid;
