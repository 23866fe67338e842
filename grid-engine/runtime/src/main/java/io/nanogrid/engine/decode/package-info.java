/** Output decoders: a model's outputs become an answer (labels and scores, or the raw tensor). */
package io.nanogrid.engine.decode;
