/** The file plumbing every module shares: atomic writes, bad input, readable I/O reasons, cache folders. */
package io.nanogrid.files;
