package io.nanogrid.engine.features;

import java.util.Objects;

public record ImageRequest(Image image) implements Request {
    public ImageRequest {
        Objects.requireNonNull(image, "image");
    }

    @Override
    public String kind() {
        return "image";
    }
}
