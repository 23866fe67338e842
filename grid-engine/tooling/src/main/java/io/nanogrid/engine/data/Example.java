package io.nanogrid.engine.data;

import io.nanogrid.engine.features.Request;

/**
 * One labelled request.
 *
 * @param request the request
 * @param label   the expected answer's label
 * @param route   the expected route, or null when the data does not say
 * @param line    where it came from (line number, or index for binary formats), for messages
 */
public record Example(Request request, String label, String route, long line) {
}
