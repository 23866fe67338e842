package io.nanogrid.engine.serve;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the body of POST /v1/route: {"text": "..."} or {"tensor": {"shape": [...], "values": [...]}}
 * (with "type": "float" (the default) or "int64"). Strict JSON, read as a stream so that a duplicate or
 * unknown field, a wrong type, trailing data or a shape that does not match its values is one plain
 * message naming the field.
 */
final class RouteRequests {
    static final int MAX_RANK = 8;

    private RouteRequests() {
    }

    static Request parse(String body) {
        if (body.isBlank()) {
            throw bad("the body is empty; send a JSON object such as {\"text\": \"...\"}");
        }
        try (JsonReader in = new JsonReader(new StringReader(body))) {
            in.setStrictness(Strictness.STRICT);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                throw bad("the body must be a JSON object such as {\"text\": \"...\"}, not " + describe(in.peek()));
            }
            Request request = null;
            Set<String> seen = new HashSet<>();
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if (!seen.add(name)) {
                    throw bad("field '" + name + "' is given twice");
                }
                request = switch (name) {
                    case "text" -> text(in);
                    case "tensor" -> tensor(in);
                    default -> throw bad("unknown field '" + name + "'; expected one of [text, tensor]");
                };
            }
            in.endObject();
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw bad("unexpected data after the JSON object");
            }
            if (seen.size() != 1) {
                throw bad(seen.isEmpty() ? "the object is empty; give \"text\" or \"tensor\""
                        : "give either \"text\" or \"tensor\", not both");
            }
            return request;
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw bad("not valid JSON: " + VersionedJson.cause(e));
        }
    }

    private static Request text(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.STRING) {
            throw bad("'text' must be a string, not " + describe(in.peek()));
        }
        return new TextRequest(in.nextString());
    }

    private static Request tensor(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            throw bad("'tensor' must be an object {\"shape\": [...], \"values\": [...]}, not " + describe(in.peek()));
        }
        long[] shape = null;
        double[] values = null;
        String type = "float";
        Set<String> seen = new HashSet<>();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (!seen.add(name)) {
                throw bad("field 'tensor." + name + "' is given twice");
            }
            switch (name) {
                case "shape" -> shape = shape(in);
                case "values" -> values = numbers(in, "tensor.values");
                case "type" -> {
                    if (in.peek() != JsonToken.STRING) {
                        throw bad("'tensor.type' must be \"float\" or \"int64\", not " + describe(in.peek()));
                    }
                    type = in.nextString();
                    if (!type.equals("float") && !type.equals("int64")) {
                        throw bad("'tensor.type' is '" + type + "'; expected one of [float, int64]");
                    }
                }
                default -> throw bad("unknown field 'tensor." + name + "'; expected one of [shape, values, type]");
            }
        }
        in.endObject();
        if (shape == null || values == null) {
            throw bad("'tensor' needs both \"shape\" and \"values\"");
        }
        long n = 1;
        for (long d : shape) {
            n = n * d;
            if (n > Integer.MAX_VALUE) {
                throw bad("'tensor.shape' " + Arrays.toString(shape) + " holds more values than a request "
                        + "may");
            }
        }
        if (n != values.length) {
            throw bad("'tensor.values' has " + values.length + " numbers, but shape " + Arrays.toString(shape)
                    + " holds " + n);
        }
        if (type.equals("int64")) {
            long[] longs = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] != Math.rint(values[i]) || Math.abs(values[i]) > 9.007199254740992E15) {
                    throw bad("'tensor.values[" + i + "]' is " + values[i] + ", not an integer (type int64)");
                }
                longs[i] = (long) values[i];
            }
            return new TensorRequest(new LongTensor(shape, longs));
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
            if (Float.isInfinite(floats[i])) {
                throw bad("'tensor.values[" + i + "]' is " + values[i] + ", too large for a float");
            }
        }
        return new TensorRequest(new FloatTensor(shape, floats));
    }

    private static long[] shape(JsonReader in) throws IOException {
        double[] dims = numbers(in, "tensor.shape");
        if (dims.length > MAX_RANK) {
            throw bad("'tensor.shape' has " + dims.length + " dimensions; at most " + MAX_RANK);
        }
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] != Math.rint(dims[i]) || dims[i] > Integer.MAX_VALUE) {
                throw bad("'tensor.shape[" + i + "]' is " + dims[i] + "; dimensions are whole numbers >= 0");
            }
            shape[i] = (long) dims[i];
        }
        return shape;
    }

    private static double[] numbers(JsonReader in, String field) throws IOException {
        if (in.peek() != JsonToken.BEGIN_ARRAY) {
            throw bad("'" + field + "' must be an array of numbers, not " + describe(in.peek()));
        }
        List<Double> out = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            if (in.peek() != JsonToken.NUMBER) {
                throw bad("'" + field + "[" + out.size() + "]' must be a number, not " + describe(in.peek()));
            }
            out.add(in.nextDouble());
        }
        in.endArray();
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case BEGIN_ARRAY -> "an array";
            case BEGIN_OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case END_DOCUMENT -> "empty";
            default -> t.toString().toLowerCase(Locale.ROOT);
        };
    }

    private static BadInputException bad(String message) {
        return new BadInputException(message);
    }
}
