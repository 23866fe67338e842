package io.nanogrid.engine.ort;

/** Turns ONNX Runtime's error text into one readable line. */
final class OrtMessages {
    private OrtMessages() {
    }

    static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.replaceAll("\\s+", " ").trim();
        // "Error code - ORT_INVALID_GRAPH - message: Load model from x failed:This is an invalid model. ..." (or
        // "message - ") -> "This is an invalid model. ...": the caller names the model
        m = m.replaceFirst("^Error code - ORT_[A-Z_]+ - message(?::| -) ?", "");
        m = m.replaceFirst("^\\[ONNXRuntimeError\\] : \\d+ : [A-Z_]+ : ", "");
        m = m.replaceFirst("^Load model from .*? failed: ?", "").replaceFirst("\\.$", "");
        return m.length() > 400 ? m.substring(0, 400) + "..." : m;
    }
}
