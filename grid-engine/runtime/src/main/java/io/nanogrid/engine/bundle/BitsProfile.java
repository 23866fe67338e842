package io.nanogrid.engine.bundle;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import io.nanogrid.onnx.WeightBits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The target bits of each model, from `--bits-profile FILE`: a JSON object mapping an expert id
 * (or "router") to 8, 4, 2 or "float", e.g. {@code {"spam": 4, "langid": 8, "digits": "float"}}.
 * Nodes left out stay "float".
 *
 * @param source names the profile (its file) in messages
 */
public record BitsProfile(Map<String, String> bits, String source) {
    public static final String FLOAT = "float";

    public BitsProfile {
        bits = Collections.unmodifiableMap(new TreeMap<>(bits));
    }

    /** Every node at "float". */
    public static BitsProfile none() {
        return new BitsProfile(Map.of(), "bits profile");
    }

    /** The bits for a node ("float" when not listed). */
    public String of(String node) {
        return bits.getOrDefault(node, FLOAT);
    }

    /** Reads a profile file; its keys must be among {@code nodes} (checked by {@link #checkNodes}). */
    public static BitsProfile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read bits profile " + file + ": " + IoReasons.of(e), e);
        }
        return parse(text, file.toString());
    }

    public static BitsProfile parse(String text, String source) {
        JsonObject tree = VersionedJson.object(text, source, "a bits profile is a JSON object mapping expert id to "
                + expected());
        Map<String, String> bits = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : tree.entrySet()) {
            String value = value(e.getValue());
            if (value == null) {
                throw new BadInputException(source + ": " + e.getKey() + ": expected " + expected() + ", got "
                        + e.getValue());
            }
            bits.put(e.getKey(), value);
        }
        return new BitsProfile(bits, source);
    }

    private static String value(JsonElement v) {
        if (!v.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        String s = p.isNumber() ? p.getAsString().replaceFirst("\\.0+$", "") : p.isString() ? p.getAsString() : null;
        return isValid(s) ? s : null;
    }

    /** "8, 4, 2 or \"float\"", for messages. */
    private static String expected() {
        return WeightBits.WIDTHS.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElseThrow()
                + " or \"float\"";
    }

    /** Refuses a profile that names a node the grid does not have, naming the profile's file. */
    public void checkNodes(Collection<String> nodes) {
        for (String key : bits.keySet()) {
            if (!nodes.contains(key)) {
                throw new BadInputException(source + ": '" + key + "' is not an expert of the grid; expected one of "
                        + new TreeSet<>(nodes));
            }
        }
    }

    /** "float" or one of the {@link WeightBits#WIDTHS}, as written in profiles and manifests. */
    static boolean isValid(String bits) {
        return bits != null && (bits.equals(FLOAT) || WeightBits.WIDTHS.stream().map(String::valueOf)
                .anyMatch(bits::equals));
    }
}
