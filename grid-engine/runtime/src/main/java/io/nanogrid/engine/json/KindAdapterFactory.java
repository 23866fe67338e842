package io.nanogrid.engine.json;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.internal.Streams;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads and writes a sealed family of records by a "kind" field (see {@link Kind}). Gson's own extras
 * hold such an adapter (RuntimeTypeAdapterFactory) but it is not published to Maven Central, so this is
 * the 50-line equivalent.
 */
final class KindAdapterFactory implements TypeAdapterFactory {
    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Map<String, Class<?>> kinds = Kinds.of(type.getRawType());
        if (kinds == null) {
            return null;
        }
        TypeAdapter<JsonElement> elements = gson.getAdapter(JsonElement.class);
        TypeAdapter<Object> adapter = new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, Object value) throws IOException {
                if (value == null) {
                    out.nullValue();
                    return;
                }
                @SuppressWarnings("unchecked")
                TypeAdapter<Object> delegate = (TypeAdapter<Object>) gson.getDelegateAdapter(KindAdapterFactory.this,
                        TypeToken.get(value.getClass()));
                JsonObject body = delegate.toJsonTree(value).getAsJsonObject();
                JsonObject withKind = new JsonObject();
                withKind.addProperty("kind", Kinds.of(value));
                body.entrySet().forEach(e -> withKind.add(e.getKey(), e.getValue()));
                Streams.write(withKind, out);
            }

            @Override
            public Object read(JsonReader in) throws IOException {
                JsonElement tree = elements.read(in);
                if (tree == null || tree.isJsonNull()) {
                    return null;
                }
                if (!tree.isJsonObject()) {
                    throw new JsonParseException("expected an object with a \"kind\"");
                }
                JsonElement kind = tree.getAsJsonObject().get("kind");
                if (kind == null || !kind.isJsonPrimitive()) {
                    throw new JsonParseException("missing \"kind\"; expected one of " + new TreeSet<>(kinds.keySet()));
                }
                Class<?> c = kinds.get(kind.getAsString());
                if (c == null) {
                    throw new JsonParseException("unknown kind \"" + kind.getAsString() + "\"; expected one of "
                            + new TreeSet<>(kinds.keySet()));
                }
                JsonObject body = tree.getAsJsonObject().deepCopy();
                body.remove("kind");
                return gson.getDelegateAdapter(KindAdapterFactory.this, TypeToken.get(c)).fromJsonTree(body);
            }
        };
        @SuppressWarnings("unchecked")
        TypeAdapter<T> result = (TypeAdapter<T>) adapter;
        return result;
    }
}
