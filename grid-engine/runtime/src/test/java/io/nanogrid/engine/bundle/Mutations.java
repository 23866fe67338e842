package io.nanogrid.engine.bundle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Ways to damage bytes, zips and manifests, for the fuzz run. Each is named; "evil" ones must be refused. */
final class Mutations {
    /** Names no bundle may hold. */
    static final List<String> EVIL_NAMES = List.of("../evil.txt", "models/../../evil.txt", "/tmp/evil.txt",
            "C:/evil.txt", "c:evil.txt", "models\\evil.onnx", "..\\evil.txt", "models//x.onnx", "./grid.json",
            "models/", "", "a\u0000b", "models/\u2024\u2024/x", "x".repeat(300), "models/.hidden", "-rf");

    private Mutations() {
    }

    /** A mutated copy of {@code bytes}: flips, overwrites, truncation, insertion, deletion or duplication. */
    static byte[] bytes(byte[] in, Random r) {
        byte[] b = in.clone();
        switch (r.nextInt(7)) {
            case 0 -> {
                for (int i = 1 + r.nextInt(8); i > 0; i--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> {
                for (int i = 1 + r.nextInt(16); i > 0; i--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 3 -> {
                int at = r.nextInt(b.length + 1);
                byte[] extra = new byte[1 + r.nextInt(64)];
                r.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                b = out;
            }
            case 4 -> {
                int at = r.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + r.nextInt(256));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
            case 5 -> {
                int at = r.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + r.nextInt(512));
                Arrays.fill(b, at, at + len, r.nextBoolean() ? (byte) 0 : (byte) 0xFF);
            }
            default -> {
                // the tail, where a zip keeps its central directory
                int from = Math.max(0, b.length - 1 - r.nextInt(Math.min(b.length, 400)));
                for (int i = 1 + r.nextInt(4); i > 0; i--) {
                    b[from + r.nextInt(b.length - from)] ^= (byte) (1 + r.nextInt(255));
                }
            }
        }
        return b;
    }

    /** A damaged copy of a JSON object (manifest, grid): a value replaced, removed, retyped, or a field added. */
    static JsonObject json(JsonObject in, Random r) {
        JsonObject m = in.deepCopy();
        List<Map.Entry<JsonObject, String>> slots = new ArrayList<>();
        collect(m, slots);
        Map.Entry<JsonObject, String> slot = slots.get(r.nextInt(slots.size()));
        JsonObject owner = slot.getKey();
        String key = slot.getValue();
        switch (r.nextInt(6)) {
            case 0 -> owner.remove(key);
            case 1 -> owner.add(key, JsonNull.INSTANCE);
            case 2 -> owner.add(key, new JsonPrimitive(List.of(-1L, 0L, 2L, Long.MAX_VALUE, 1L << 40).get(
                    r.nextInt(5))));
            case 3 -> owner.add(key, new JsonPrimitive(EVIL_NAMES.get(r.nextInt(EVIL_NAMES.size()))));
            case 4 -> owner.add(key, new JsonArray());
            default -> owner.add(key + "x", new JsonPrimitive(true));
        }
        return m;
    }

    private static void collect(JsonElement e, List<Map.Entry<JsonObject, String>> slots) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                slots.add(Map.entry(e.getAsJsonObject(), m.getKey()));
                collect(m.getValue(), slots);
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, slots));
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
