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
        // "Error code - ORT_FAIL - message - Load model from x failed:..." -> keep the message part.
        m = m.replaceFirst("^Error code - ORT_[A-Z_]+ - message - ", "");
        m = m.replaceFirst("^\\[ONNXRuntimeError\\] : \\d+ : [A-Z_]+ : ", "");
        return m.length() > 400 ? m.substring(0, 400) + "..." : m;
    }
}
