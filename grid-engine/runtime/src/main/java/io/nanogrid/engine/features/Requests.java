package io.nanogrid.engine.features;

/** Messages shared by the adapters. */
final class Requests {
    private Requests() {
    }

    /** "this model takes text, not an image request". */
    static BadRequestException wrongKind(String takes, Request request) {
        String kind = switch (request.kind()) {
            case "image" -> "an image";
            case "audio" -> "a recording";
            case "inputs" -> "named tensors";
            case "tensor" -> "a tensor";
            default -> "a " + request.kind();
        };
        return new BadRequestException("this model takes " + takes + ", not " + kind + " request");
    }
}
