package io.nanogrid.engine.ort;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns ONNX Runtime's error text into one readable line. */
final class OrtMessages {
    /** ORT's StringNormalizer says "Failed to construct locale with name:en_US.UTF-8:..." when the locale is absent. */
    private static final Pattern LOCALE = Pattern.compile("Failed to construct locale with name:([^:]+):");

    private OrtMessages() {
    }

    /**
     * What to do about a refusal ORT's own words do not explain, or null: a StringNormalizer (scikit-learn
     * text pipelines) whose locale this machine does not have.
     */
    static String advice(String message) {
        Matcher m = LOCALE.matcher(message == null ? "" : message);
        if (!m.find()) {
            return null;
        }
        String locale = m.group(1);
        return "its StringNormalizer needs the locale " + locale + ", which this machine does not have; install it "
                + "(Debian/Ubuntu: apt install locales, enable " + locale + " in /etc/locale.gen, run locale-gen; "
                + "other systems: their language pack) or re-export the model with locale \"C\"";
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
