/** Grid bundles (.ngrid): write, verify, read and unpack, with their manifest, checksums and limits. */
package io.nanogrid.engine.bundle;
