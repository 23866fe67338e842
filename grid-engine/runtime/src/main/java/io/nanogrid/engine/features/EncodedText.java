package io.nanogrid.engine.features;

import java.util.Objects;

/**
 * A text request with the grid encoder's embedding of it, made once per request by the grid and passed
 * to the router and the expert: heads on the encoder take the embedding, other text adapters the text.
 */
public record EncodedText(String text, float[] embedding) implements Request {
    public EncodedText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(embedding, "embedding");
    }

    @Override
    public String kind() {
        return "text";
    }
}
