/**
 * The few types every module shares (bad-input errors, atomic saves, the reasons file operations
 * fail). They live in the lowest module, quantizer, so that dependencies keep pointing down:
 * app -> grid-engine -> quantizer.
 */
package io.nanogrid.files;
