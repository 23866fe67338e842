package io.nanogrid.engine.features;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A head on the grid's shared encoder: the request's embedding ([1, dimensions]), and its hashed n-grams
 * beside it when the head learned from both.
 */
final class EncodedAdapter implements InputAdapter {
    private final String input;
    private final int dimensions;
    private final TextAdapter ngrams;

    /** @param ngrams the n-gram adapter for the second input, or null */
    EncodedAdapter(String input, int dimensions, TextAdapter ngrams) {
        this.input = input;
        this.dimensions = dimensions;
        this.ngrams = ngrams;
    }

    @Override
    public Map<String, Value> apply(Request request) {
        if (!(request instanceof EncodedText e)) {
            throw request instanceof TextRequest
                    ? new BadRequestException("this head takes the embedding of the grid's encoder; send the text to "
                            + "a grid with an encoder")
                    : Requests.wrongKind("text", request);
        }
        if (e.embedding().length != dimensions) {
            throw new BadRequestException("the encoder gave " + e.embedding().length + " dimensions; this head takes "
                    + dimensions);
        }
        Map<String, Value> out = new LinkedHashMap<>();
        out.put(input, new FloatTensor(new long[] {1, dimensions}, e.embedding()));
        if (ngrams != null) {
            out.putAll(ngrams.apply(request));
        }
        return out;
    }
}
