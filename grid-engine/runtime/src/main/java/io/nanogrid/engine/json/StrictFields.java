package io.nanogrid.engine.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds fields a record type does not have (a typo such as "treshold") and values of the wrong JSON
 * type, with the JSON path of each, before Gson silently ignores them or fails without saying
 * where. Walks records, lists, maps and the sealed "kind" families.
 */
public final class StrictFields {
    private StrictFields() {
    }

    /** Problems as "path: unknown field 'x' (expected one of a, b)" or "path: expected a number, got ..."; empty when all is well. */
    public static List<String> check(JsonElement json, Class<?> recordType) {
        List<String> problems = new ArrayList<>();
        walk(json, recordType, "", problems);
        return problems;
    }

    private static void walk(JsonElement json, Type type, String path, List<String> problems) {
        if (json == null || json.isJsonNull()) {
            return;
        }
        Class<?> raw = raw(type);
        String expected = expectedType(raw, json);
        if (expected != null) {
            String got = json.toString();
            problems.add(path + ": expected " + expected + ", got " + (got.length() > 40 ? got.substring(0, 40) + "..."
                    : got));
            return;
        }
        if (raw == List.class && json.isJsonArray()) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            JsonArray array = json.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isJsonNull()) {
                    problems.add(path + "[" + i + "]: null is not allowed in a list");
                } else {
                    walk(array.get(i), element, path + "[" + i + "]", problems);
                }
            }
        } else if (raw == Map.class && json.isJsonObject()) {
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            for (Map.Entry<String, JsonElement> e : json.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonNull()) {
                    problems.add(join(path, e.getKey()) + ": null is not allowed here");
                } else {
                    walk(e.getValue(), value, join(path, e.getKey()), problems);
                }
            }
        } else if (json.isJsonObject() && isFamily(raw)) {
            JsonElement kind = json.getAsJsonObject().get("kind");
            Map<String, Class<?>> kinds = Kinds.of(raw);
            Class<?> concrete = kind != null && kind.isJsonPrimitive() ? kinds.get(kind.getAsString()) : null;
            if (concrete != null) {
                record(json.getAsJsonObject(), concrete, path, Set.of("kind"), problems);
            }
        } else if (raw.isRecord() && json.isJsonObject()) {
            record(json.getAsJsonObject(), raw, path, Set.of(), problems);
        }
    }

    /** What the JSON should have been, or null if it fits the type. */
    private static String expectedType(Class<?> raw, JsonElement json) {
        boolean number = json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber();
        boolean string = json.isJsonPrimitive() && json.getAsJsonPrimitive().isString();
        boolean bool = json.isJsonPrimitive() && json.getAsJsonPrimitive().isBoolean();
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return number && isWhole(json) ? null : "a whole number";
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            return number ? null : "a number";
        }
        if (raw == String.class) {
            return string ? null : "a string";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return bool ? null : "true or false";
        }
        if (raw == List.class) {
            return json.isJsonArray() ? null : "a list [...]";
        }
        if (raw == Map.class || raw.isRecord() || isFamily(raw)) {
            return json.isJsonObject() ? null : "an object {...}";
        }
        return null;
    }

    private static boolean isWhole(JsonElement json) {
        try {
            new BigDecimal(json.getAsString()).longValueExact();
            return true;
        } catch (ArithmeticException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean isFamily(Class<?> raw) {
        return Kinds.of(raw) != null;
    }

    private static void record(JsonObject obj, Class<?> type, String path, Set<String> extra, List<String> problems) {
        Set<String> known = new LinkedHashSet<>(extra);
        for (RecordComponent c : type.getRecordComponents()) {
            known.add(c.getName());
        }
        for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
            if (!known.contains(e.getKey())) {
                problems.add(join(path, e.getKey()) + ": unknown field (expected one of " + String.join(", ", known)
                        + ")");
            }
        }
        for (RecordComponent c : type.getRecordComponents()) {
            walk(obj.get(c.getName()), c.getGenericType(), join(path, c.getName()), problems);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
