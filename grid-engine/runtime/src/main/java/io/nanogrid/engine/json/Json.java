package io.nanogrid.engine.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.WeightTensor;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The one configured Gson of the project: records, sealed families by "kind" ({@link Kind}),
 * dimensions as numbers or names, no HTML escaping, non-finite numbers written as null. Files leave
 * null fields out; reports write them, so every documented key is present ("error": null).
 */
public final class Json {
    private static final Gson PRETTY = builder().setPrettyPrinting().create();
    private static final Gson COMPACT = builder().create();
    private static final Gson REPORT = builder().setPrettyPrinting().serializeNulls().create();

    private Json() {
    }

    /** Pretty-printed: files and command output. */
    public static Gson gson() {
        return PRETTY;
    }

    /** Command and API output: pretty, with null fields written out. */
    public static Gson report() {
        return REPORT;
    }

    /**
     * Parses a spec stored as JSON somewhere less trusted than a grid file (a model's metadata):
     * wrong types, nulls and unknown kinds come back as one plain message naming {@code where},
     * never as an exception from inside Gson.
     */
    public static <T> T parseSpec(String json, Class<T> type, String where) {
        try {
            JsonElement tree = JsonParser.parseString(json);
            List<String> problems = StrictFields.check(tree, type);
            if (!problems.isEmpty()) {
                throw new BadInputException(where + ": " + problems.get(0));
            }
            T value = COMPACT.fromJson(tree, type);
            if (value == null) {
                throw new BadInputException(where + ": empty");
            }
            return value;
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException(where + ": not a valid spec (" + VersionedJson.cause(e)
                    + ")");
        }
    }

    /** One line: metadata values, JSON lines. */
    public static Gson compact() {
        return COMPACT;
    }

    private static GsonBuilder builder() {
        return new GsonBuilder()
                .disableHtmlEscaping()
                .serializeSpecialFloatingPointValues()
                .registerTypeAdapterFactory(new KindAdapterFactory())
                .registerTypeAdapter(Dim.class, new DimAdapter().nullSafe())
                .registerTypeAdapter(ElementType.class, new ElementTypeAdapter().nullSafe())
                .registerTypeAdapter(WeightTensor.Kind.class, new LowerCaseEnumAdapter<>(WeightTensor.Kind.class)
                        .nullSafe())
                .registerTypeAdapter(Double.class, new FiniteDoubleAdapter())
                .registerTypeAdapter(double.class, new FiniteDoubleAdapter());
    }

    /** A dimension is written as its size, or as its symbolic name ("batch"), or "?" when unknown. */
    private static final class DimAdapter extends TypeAdapter<Dim> {
        @Override
        public void write(JsonWriter out, Dim d) throws IOException {
            if (d.isFixed()) {
                out.value(d.size());
            } else {
                out.value(d.name() != null ? d.name() : "?");
            }
        }

        @Override
        public Dim read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NUMBER) {
                return Dim.fixed(in.nextLong());
            }
            String s = in.nextString();
            return Dim.symbolic(s.equals("?") ? null : s);
        }
    }

    /** NaN and infinities are not JSON: they are written as null. */
    private static final class FiniteDoubleAdapter extends TypeAdapter<Double> {
        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null || v.isNaN() || v.isInfinite()) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return in.nextDouble();
        }
    }

    /** Element types by their ONNX names: "float", "int64". */
    private static final class ElementTypeAdapter extends TypeAdapter<ElementType> {
        @Override
        public void write(JsonWriter out, ElementType t) throws IOException {
            out.value(t.onnxName());
        }

        @Override
        public ElementType read(JsonReader in) throws IOException {
            return ElementType.valueOf(in.nextString().toUpperCase(Locale.ROOT));
        }
    }

    /** Enums of the quantizer module (which has no Gson) written in lower case with dashes. */
    private static final class LowerCaseEnumAdapter<E extends Enum<E>> extends TypeAdapter<E> {
        private final Class<E> type;

        LowerCaseEnumAdapter(Class<E> type) {
            this.type = type;
        }

        @Override
        public void write(JsonWriter out, E e) throws IOException {
            out.value(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }

        @Override
        public E read(JsonReader in) throws IOException {
            return Enum.valueOf(type, in.nextString().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }
}
