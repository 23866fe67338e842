package io.nanogrid.engine.features;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.nanogrid.engine.grid.TensorValue;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Shapes;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tensors written out in JSON ({"shape": [...], "type": "int64", "data": [...]}: grid constants and the
 * "inputs" of POST /v1/route) as values, and the zeros a state input starts from.
 */
public final class TensorValues {
    /** The element types a JSON tensor may declare. */
    public static final Set<String> TYPES = Set.of("float", "double", "int64", "int32", "int16", "int8", "uint8",
            "bool", "string");

    private TensorValues() {
    }

    /** A grid file's constant. */
    public static Value of(TensorValue v, String where) {
        JsonArray data = new JsonArray();
        for (Object o : v.data()) {
            data.add(o instanceof Number n ? new JsonPrimitive(n) : o instanceof Boolean b ? new JsonPrimitive(b)
                    : o == null ? null : new JsonPrimitive(o.toString()));
        }
        return build(v.shape(), v.type(), data, where);
    }

    /** A JSON object {"shape": [...], "type": "...", "data": [...]} ("shape" may be left out for a vector). */
    public static Value fromJson(JsonElement e, String where) {
        if (e == null || !e.isJsonObject()) {
            throw new BadInputException(where + ": expected an object {\"shape\": [...], \"type\": \"...\", "
                    + "\"data\": [...]}");
        }
        JsonObject o = e.getAsJsonObject();
        for (String key : o.keySet()) {
            if (!Set.of("shape", "type", "data").contains(key)) {
                throw new BadInputException(where + "." + key + ": unknown field (expected shape, type, data)");
            }
        }
        JsonElement type = o.get("type");
        if (type != null && !(type.isJsonPrimitive() && type.getAsJsonPrimitive().isString())) {
            throw new BadInputException(where + ".type: expected a string such as \"int64\"");
        }
        JsonElement data = o.get("data");
        if (data == null || !data.isJsonArray()) {
            throw new BadInputException(where + ".data: expected a list of values");
        }
        List<Long> shape = null;
        JsonElement s = o.get("shape");
        if (s != null) {
            if (!s.isJsonArray()) {
                throw new BadInputException(where + ".shape: expected a list of whole numbers");
            }
            shape = new ArrayList<>();
            for (JsonElement d : s.getAsJsonArray()) {
                if (!d.isJsonPrimitive() || !d.getAsJsonPrimitive().isNumber() || !whole(d)) {
                    throw new BadInputException(where + ".shape: expected whole numbers >= 0, got " + d);
                }
                shape.add(d.getAsLong());
            }
        }
        return build(shape, type != null ? type.getAsString() : "float", data.getAsJsonArray(), where);
    }

    private static Value build(List<Long> shapeList, String type, JsonArray data, String where) {
        String t = type == null ? "float" : type.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(t)) {
            throw new BadInputException(where + ".type: expected one of " + new java.util.TreeSet<>(TYPES) + ", got '"
                    + type + "'");
        }
        long[] shape = shapeList == null ? new long[] {data.size()}
                : shapeList.stream().mapToLong(Long::longValue).toArray();
        for (long d : shape) {
            if (d < 0) {
                throw new BadInputException(where + ".shape: dimensions must be >= 0, got " + Shapes.format(shape));
            }
        }
        if (Shapes.elements(shape) != data.size()) {
            throw new BadInputException(where + ": " + data.size() + " values do not fill shape "
                    + Shapes.format(shape));
        }
        int n = data.size();
        switch (t) {
            case "float", "double" -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (float) number(data.get(i), where, i).doubleValue();
                }
                return new FloatTensor(shape, out);
            }
            case "string" -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    JsonElement x = data.get(i);
                    if (x == null || !x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
                        throw new BadInputException(where + ".data[" + i + "]: expected a string, got " + x);
                    }
                    out[i] = x.getAsString();
                }
                return new StringTensor(shape, out);
            }
            case "bool" -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    JsonElement x = data.get(i);
                    if (x != null && x.isJsonPrimitive() && x.getAsJsonPrimitive().isBoolean()) {
                        out[i] = x.getAsBoolean() ? 1 : 0;
                    } else {
                        long v = integer(x, where, i, 0, 1);
                        out[i] = v;
                    }
                }
                return new LongTensor(shape, out);
            }
            default -> {
                long[] range = switch (t) {
                    case "int32" -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
                    case "int16" -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
                    case "int8" -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
                    case "uint8" -> new long[] {0, 255};
                    default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
                };
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = integer(data.get(i), where, i, range[0], range[1]);
                }
                return new LongTensor(shape, out);
            }
        }
    }

    private static BigDecimal number(JsonElement x, String where, int i) {
        if (x == null || !x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
            throw new BadInputException(where + ".data[" + i + "]: expected a number, got " + x);
        }
        return x.getAsBigDecimal();
    }

    private static long integer(JsonElement x, String where, int i, long min, long max) {
        BigDecimal d = number(x, where, i);
        try {
            long v = d.longValueExact();
            if (v < min || v > max) {
                throw new ArithmeticException();
            }
            return v;
        } catch (ArithmeticException e) {
            throw new BadInputException(where + ".data[" + i + "]: expected a whole number from " + min + " to " + max
                    + ", got " + x);
        }
    }

    private static boolean whole(JsonElement d) {
        try {
            return d.getAsBigDecimal().longValueExact() >= 0;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /** Zeros shaped like an input (unknown dimensions taken as 1): the state a session starts from. */
    public static Value zeros(TensorDesc desc) {
        long[] shape = desc.shape().stream().mapToLong(d -> d.isFixed() ? d.size() : 1).toArray();
        int n = Math.toIntExact(Shapes.elements(shape));
        return switch (desc.type()) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16 -> new FloatTensor(shape, new float[n]);
            case STRING -> {
                String[] empty = new String[n];
                java.util.Arrays.fill(empty, "");
                yield new StringTensor(shape, empty);
            }
            default -> new LongTensor(shape, new long[n]);
        };
    }

    /** Whether a value fits an input's declared rank and fixed dimensions. */
    public static boolean fits(TensorDesc desc, long[] shape) {
        if (shape.length != desc.rank()) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            Dim d = desc.shape().get(i);
            if (d.isFixed() && d.size() != shape[i]) {
                return false;
            }
        }
        return true;
    }

    /** The shape of a tensor value (null for anything else). */
    public static long[] shapeOf(Value v) {
        if (v instanceof FloatTensor f) {
            return f.shape();
        }
        if (v instanceof LongTensor l) {
            return l.shape();
        }
        if (v instanceof StringTensor s) {
            return s.shape();
        }
        return null;
    }
}
