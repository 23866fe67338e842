package io.nanogrid.engine.bundle;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.nanogrid.engine.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON bytes for a bundle, the same for the same content: Json.gson() text with the maps that have
 * no order of their own (a grid's canvas layout is an immutable Map whose iteration order changes
 * from run to run) sorted by key.
 */
final class BundleJson {
    private BundleJson() {
    }

    static byte[] bytes(Object value) {
        JsonElement tree = Json.gson().toJsonTree(value);
        sortLayouts(tree);
        return (Json.gson().toJson(tree) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Sorts every "layout" object's keys, wherever it is (grid.json's root, the manifest's grid). */
    private static void sortLayouts(JsonElement e) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(BundleJson::sortLayouts);
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (Map.Entry<String, JsonElement> m : o.entrySet()) {
                if (m.getKey().equals("layout") && m.getValue().isJsonObject()) {
                    sortKeys(m.getValue().getAsJsonObject());
                } else {
                    sortLayouts(m.getValue());
                }
            }
        }
    }

    private static void sortKeys(JsonObject o) {
        List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(o.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, JsonElement> e : entries) {
            o.remove(e.getKey());
        }
        for (Map.Entry<String, JsonElement> e : entries) {
            o.add(e.getKey(), e.getValue());
        }
    }
}
