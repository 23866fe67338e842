/** Labelled data as examples: TSV/CSV text, IDX images, .npy arrays, sentence folders. */
package io.nanogrid.engine.data;
