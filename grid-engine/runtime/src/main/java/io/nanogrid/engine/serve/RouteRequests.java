package io.nanogrid.engine.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.nanogrid.engine.features.AudioRequest;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.Images;
import io.nanogrid.engine.features.InputsRequest;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.features.TensorValues;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.features.Wav;
import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the body of POST /v1/route: {"text": "..."}, {"image": "BASE64 PNG/JPEG"}, {"tensor": {"shape": [...], "values": [...]}} (with
 * "type": "float" (the default) or "int64"), {"inputs": {"NAME": {"shape": [...], "type": "int64", "data":
 * [...]}, ...}} for a model with several inputs, or {"audio": {"sampleRate": 16000, "samples": [...]}} (or
 * {"audio": {"wav": "BASE64"}}); and "session": "ID" for a stateful model to carry its state from one request
 * of the session to the next. Strict JSON, read as a stream so that a duplicate or unknown field, a wrong
 * type, trailing data or a shape that does not match its values is one plain message naming the field.
 */
final class RouteRequests {
    static final int MAX_RANK = 8;
    private static final List<String> FIELDS = List.of("text", "image", "tensor", "inputs", "audio", "session");

    /** A request and the session it belongs to (null for none). */
    record Parsed(Request request, String session) {
    }

    private RouteRequests() {
    }

    static Request parse(String body) {
        return parseWithSession(body).request();
    }

    static Parsed parseWithSession(String body) {
        if (body.isBlank()) {
            throw bad("the body is empty; send a JSON object such as {\"text\": \"...\"}");
        }
        try (JsonReader in = new JsonReader(new StringReader(body))) {
            in.setStrictness(Strictness.STRICT);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                throw bad("the body must be a JSON object such as {\"text\": \"...\"}, not " + describe(in.peek()));
            }
            Request request = null;
            String session = null;
            Set<String> seen = new HashSet<>();
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if (!seen.add(name)) {
                    throw bad("field '" + name + "' is given twice");
                }
                if (name.equals("session")) {
                    session = session(in);
                    continue;
                }
                if (!FIELDS.contains(name)) {
                    throw bad("unknown field '" + name + "'; expected one of " + FIELDS);
                }
                if (request != null) {
                    throw bad("give one of \"text\", \"image\", \"tensor\", \"inputs\" or \"audio\", not several");
                }
                request = switch (name) {
                    case "text" -> text(in);
                    case "image" -> image(in);
                    case "tensor" -> tensor(in);
                    case "inputs" -> inputs(in);
                    case "audio" -> audio(in);
                    default -> throw bad("unknown field '" + name + "'; expected one of " + FIELDS);
                };
            }
            in.endObject();
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw bad("unexpected data after the JSON object");
            }
            if (request == null) {
                throw bad((seen.isEmpty() ? "the object is empty" : "the object has no request") + "; give \"text\", \"image\", \"tensor\", \"inputs\" or \"audio\"");
            }
            return new Parsed(request, session);
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

    /** {"image": "BASE64"}: a PNG, JPEG, BMP or GIF file's bytes. */
    private static Request image(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.STRING) {
            throw bad("'image' must be a base64 string (a PNG or JPEG file), not " + describe(in.peek()));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(in.nextString());
        } catch (IllegalArgumentException e) {
            throw bad("'image' is not base64");
        }
        return new ImageRequest(Images.decode(bytes, "'image'"));
    }

    private static String session(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.STRING) {
            throw bad("'session' must be a string, not " + describe(in.peek()));
        }
        String s = in.nextString();
        if (s.isEmpty() || s.length() > 128) {
            throw bad("'session' must be 1 to 128 characters");
        }
        return s;
    }

    /** {"NAME": {"shape": [...], "type": "...", "data": [...]}, ...}: each tensor read strictly. */
    private static Request inputs(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            throw bad("'inputs' must be an object of named tensors, not " + describe(in.peek()));
        }
        Map<String, Value> values = new LinkedHashMap<>();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (values.containsKey(name)) {
                throw bad("input 'inputs." + name + "' is given twice");
            }
            values.put(name, TensorValues.fromJson(strictObject(in, "inputs." + name, Set.of("shape", "type",
                    "data")), "'inputs." + name + "'"));
        }
        in.endObject();
        if (values.isEmpty()) {
            throw bad("'inputs' is empty; name at least one input");
        }
        return new InputsRequest(values);
    }

    /** {"sampleRate": N, "samples": [...]} or {"wav": "BASE64"}. */
    private static Request audio(JsonReader in) throws IOException {
        JsonObject o = strictObject(in, "audio", Set.of("sampleRate", "samples", "wav"));
        if (o.has("wav")) {
            if (o.size() != 1 || !o.get("wav").isJsonPrimitive()) {
                throw bad("'audio.wav' is a base64 string and goes alone");
            }
            byte[] wav;
            try {
                wav = Base64.getDecoder().decode(o.get("wav").getAsString());
            } catch (IllegalArgumentException e) {
                throw bad("'audio.wav' is not base64");
            }
            return Wav.decode(wav, "'audio.wav'");
        }
        JsonElement rate = o.get("sampleRate");
        JsonElement samples = o.get("samples");
        if (rate == null || samples == null || !samples.isJsonArray()) {
            throw bad("'audio' needs \"sampleRate\" and \"samples\" (or \"wav\")");
        }
        if (!rate.isJsonPrimitive() || !rate.getAsJsonPrimitive().isNumber() || rate.getAsDouble() < 1
                || rate.getAsDouble() != Math.rint(rate.getAsDouble()) || rate.getAsDouble() > 384_000) {
            throw bad("'audio.sampleRate' must be a whole number of Hz from 1 to 384000");
        }
        JsonArray a = samples.getAsJsonArray();
        float[] x = new float[a.size()];
        for (int i = 0; i < x.length; i++) {
            JsonElement v = a.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw bad("'audio.samples[" + i + "]' must be a number");
            }
            x[i] = v.getAsFloat();
        }
        return new AudioRequest(x, rate.getAsInt(), "the request's audio");
    }

    /** An object whose fields are among {@code allowed}, each once (Gson's own parser keeps the last of a duplicate). */
    private static JsonObject strictObject(JsonReader in, String field, Set<String> allowed) throws IOException {
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            throw bad("'" + field + "' must be an object, not " + describe(in.peek()));
        }
        JsonObject o = new JsonObject();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (!allowed.contains(name)) {
                throw bad("unknown field '" + field + "." + name + "'; expected one of " + new TreeSet<>(allowed));
            }
            if (o.has(name)) {
                throw bad("field '" + field + "." + name + "' is given twice");
            }
            o.add(name, JsonParser.parseReader(in));
        }
        in.endObject();
        return o;
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
