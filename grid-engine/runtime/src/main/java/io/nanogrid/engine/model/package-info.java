/** Models as the rest of the code sees them: signatures, tensors as plain arrays, .npy files, the loader seam. */
package io.nanogrid.engine.model;
