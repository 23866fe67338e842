package io.nanogrid.engine.json;

import java.util.LinkedHashMap;
import java.util.Map;

/** The families read by a "kind": sealed interfaces whose permitted records each carry {@link Kind}. */
final class Kinds {
    private static final ClassValue<Map<String, Class<?>>> FAMILIES = new ClassValue<>() {
        @Override
        protected Map<String, Class<?>> computeValue(Class<?> type) {
            if (!type.isInterface() || !type.isSealed()) {
                return null;
            }
            Map<String, Class<?>> kinds = new LinkedHashMap<>();
            for (Class<?> c : type.getPermittedSubclasses()) {
                Kind k = c.getAnnotation(Kind.class);
                if (k == null) {
                    return null;
                }
                kinds.put(k.value(), c);
            }
            return Map.copyOf(kinds);
        }
    };

    private Kinds() {
    }

    /** The records of {@code base} by their kind, or null when {@code base} is no such family. */
    static Map<String, Class<?>> of(Class<?> base) {
        return FAMILIES.get(base);
    }

    /** The kind of a family's record. */
    static String of(Object value) {
        Kind k = value.getClass().getAnnotation(Kind.class);
        if (k == null) {
            throw new IllegalArgumentException("no @Kind on " + value.getClass());
        }
        return k.value();
    }
}
