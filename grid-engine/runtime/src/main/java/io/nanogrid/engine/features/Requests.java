package io.nanogrid.engine.features;

/** Messages shared by the adapters. */
final class Requests {
    private Requests() {
    }

    /** The text of a text request (plain, or with the grid encoder's embedding), or null for any other. */
    static String text(Request r) {
        return r instanceof TextRequest t ? t.text() : r instanceof EncodedText e ? e.text() : null;
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
