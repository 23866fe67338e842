package io.nanogrid.engine.serve;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.engine.runtime.Fault;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the body of PUT /v1/faults/{id}: {"kind": "throw"}, {"kind": "delay", "ms": 5}, {"kind": "off"} or
 * {"kind": "none"} (clears the fault). Strict JSON, as the route requests: a duplicate or unknown field,
 * a wrong type or trailing data is one message naming the field.
 */
final class FaultRequests {
    static final List<String> KINDS = List.of("throw", "delay", "off", "none");

    private FaultRequests() {
    }

    static Fault parse(String body) {
        if (body.isBlank()) {
            throw bad("the body is empty; send a JSON object such as {\"kind\": \"throw\"}");
        }
        try (JsonReader in = new JsonReader(new StringReader(body))) {
            in.setStrictness(Strictness.STRICT);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                throw bad("the body must be a JSON object such as {\"kind\": \"throw\"}");
            }
            String kind = null;
            Long ms = null;
            Set<String> seen = new HashSet<>();
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if (!seen.add(name)) {
                    throw bad("field '" + name + "' is given twice");
                }
                switch (name) {
                    case "kind" -> kind = kind(in);
                    case "ms" -> ms = ms(in);
                    default -> throw bad("unknown field '" + name + "'; expected one of [kind, ms]");
                }
            }
            in.endObject();
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw bad("unexpected data after the JSON object");
            }
            return fault(kind, ms);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw bad("not valid JSON: " + VersionedJson.cause(e));
        }
    }

    private static Fault fault(String kind, Long ms) {
        if (kind == null) {
            throw bad("'kind' is missing; expected one of " + KINDS);
        }
        if (kind.equals("delay") != (ms != null)) {
            throw bad(ms == null ? "'ms' is needed with \"kind\": \"delay\" (the added latency in milliseconds)"
                    : "'ms' goes only with \"kind\": \"delay\"");
        }
        return switch (kind) {
            case "throw" -> Fault.failing();
            case "delay" -> Fault.delay(ms);
            case "off" -> Fault.disable();
            default -> Fault.NONE;
        };
    }

    private static String kind(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.STRING) {
            throw bad("'kind' must be a string, one of " + KINDS);
        }
        String kind = in.nextString();
        if (!KINDS.contains(kind)) {
            throw bad("unknown kind '" + kind + "'; expected one of " + KINDS);
        }
        return kind;
    }

    private static long ms(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.NUMBER) {
            throw bad("'ms' must be a whole number of milliseconds");
        }
        double v = in.nextDouble();
        if (v != Math.rint(v) || v < 0 || v > 3_600_000) {
            throw bad("'ms' must be a whole number of milliseconds from 0 to 3600000, got " + v);
        }
        return (long) v;
    }

    private static BadInputException bad(String message) {
        return new BadInputException(message);
    }
}
