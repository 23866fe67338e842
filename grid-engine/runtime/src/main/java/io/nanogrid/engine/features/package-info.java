/** Requests and input adapters: text, images and tensors become a model's inputs. */
package io.nanogrid.engine.features;
