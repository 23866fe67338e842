package io.nanogrid.engine.features;

import java.util.Objects;

public record TextRequest(String text) implements Request {
    public TextRequest {
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String kind() {
        return "text";
    }
}
