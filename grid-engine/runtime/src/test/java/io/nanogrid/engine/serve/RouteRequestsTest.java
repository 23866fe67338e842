package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.features.AudioRequest;
import io.nanogrid.engine.features.InputsRequest;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.files.BadInputException;
import org.junit.jupiter.api.Test;

class RouteRequestsTest {
    @Test
    void readsTextAndTensors() {
        assertEquals(new TextRequest("héllo \"x\""), RouteRequests.parse("{\"text\": \"héllo \\\"x\\\"\"}"));
        TensorRequest t = (TensorRequest) RouteRequests.parse(
                "{\"tensor\": {\"shape\": [2, 2], \"values\": [1, 2.5, -3, 4e2]}}");
        FloatTensor f = (FloatTensor) t.tensor();
        assertArrayEquals(new long[] {2, 2}, f.shape());
        assertArrayEquals(new float[] {1f, 2.5f, -3f, 400f}, f.values());
        TensorRequest l = (TensorRequest) RouteRequests.parse(
                "{\"tensor\": {\"type\": \"int64\", \"values\": [7, 9], \"shape\": [1, 2]}}");
        assertArrayEquals(new long[] {7, 9}, ((LongTensor) l.tensor()).values());
    }

    @Test
    void readsNamedInputsASessionAndAudio() {
        RouteRequests.Parsed p = RouteRequests.parseWithSession("{\"inputs\": {\"input_ids\": {\"shape\": [1, 3], "
                + "\"type\": \"int64\", \"data\": [101, 7592, 9007199254740993]}, \"mask\": {\"type\": \"bool\", "
                + "\"data\": [true, false]}, \"s\": {\"type\": \"string\", \"shape\": [1], \"data\": [\"hi\"]}}, "
                + "\"session\": \"call-7\"}");
        assertEquals("call-7", p.session());
        InputsRequest r = (InputsRequest) p.request();
        assertArrayEquals(new long[] {101, 7592, 9007199254740993L}, ((LongTensor) r.inputs().get("input_ids"))
                .values(), "int64 beyond 2^53 exactly");
        assertArrayEquals(new long[] {1, 0}, ((LongTensor) r.inputs().get("mask")).values());
        assertArrayEquals(new String[] {"hi"}, ((StringTensor) r.inputs().get("s")).values());
        AudioRequest a = (AudioRequest) RouteRequests.parse("{\"audio\": {\"sampleRate\": 8000, \"samples\": [0, "
                + "0.5, -0.5]}}");
        assertEquals(8000, a.sampleRate());
        assertArrayEquals(new float[] {0f, 0.5f, -0.5f}, a.samples());
    }

    @Test
    void refusesWhatIsNotExactlyARequestNamingTheField() {
        assertRefused("", "the body is empty");
        assertRefused("[1]", "must be a JSON object");
        assertRefused("{\"text\": \"a\"", "not valid JSON");
        assertRefused("{'text': 'a'}", "not valid JSON");
        assertRefused("{\"text\": \"a\"} {}", "not valid JSON: malformed JSON at line 1 column 16");
        assertRefused("{\"text\": \"a\", \"text\": \"b\"}", "'text' is given twice");
        assertRefused("{\"txt\": \"a\"}", "unknown field 'txt'; expected one of [text, image, tensor, inputs, audio, "
                + "session]");
        assertRefused("{}", "the object is empty");
        assertRefused("{\"session\": \"s1\"}", "the object has no request; give \"text\", \"image\"");
        assertRefused("{\"inputs\": {\"x\": {\"shape\": [2], \"type\": \"int64\", \"data\": [1, 2.5]}}}",
                "'inputs.x'.data[1]: expected a whole number");
        assertRefused("{\"inputs\": {\"x\": {\"data\": [1], \"data\": [2]}}}", "field 'inputs.x.data' is given twice");
        assertRefused("{\"inputs\": {\"x\": {\"data\": [1]}, \"x\": {\"data\": [2]}}}", "input 'inputs.x' is given "
                + "twice");
        assertRefused("{\"inputs\": {\"x\": {\"shape\": [3], \"data\": [1, 2]}}}", "'inputs.x': 2 values do not "
                + "fill shape [3]");
        assertRefused("{\"inputs\": {\"x\": {\"type\": \"complex\", \"data\": [1]}}}", "'inputs.x'.type: expected "
                + "one of [bool, double, float, int16, int32, int64, int8, string, uint8], got 'complex'");
        assertRefused("{\"inputs\": {}}", "'inputs' is empty");
        assertRefused("{\"audio\": {\"samples\": [0.1]}}", "'audio' needs \"sampleRate\" and \"samples\"");
        assertRefused("{\"image\": \"bm90IGFuIGltYWdl\"}", "'image': not a PNG, JPEG, BMP or GIF image");
        assertRefused("{\"text\": null}", "'text' must be a string, not null");
        assertRefused("{\"text\": \"a\", \"tensor\": {\"shape\": [1], \"values\": [1]}}", "not several");
        assertRefused("{\"tensor\": {\"shape\": [2, 2], \"values\": [1, 2, 3]}}",
                "'tensor.values' has 3 numbers, but shape [2, 2] holds 4");
        assertRefused("{\"tensor\": {\"shape\": [-1], \"values\": []}}", "'tensor.shape[0]' is -1.0");
        assertRefused("{\"tensor\": {\"shape\": [1.5], \"values\": [1]}}", "whole numbers");
        assertRefused("{\"tensor\": {\"values\": [1]}}", "needs both");
        assertRefused("{\"tensor\": {\"shape\": [1], \"values\": [\"1\"]}}", "'tensor.values[0]' must be a number");
        assertRefused("{\"tensor\": {\"shape\": [1], \"values\": [1], \"dtype\": \"f\"}}",
                "unknown field 'tensor.dtype'");
        assertRefused("{\"tensor\": {\"shape\": [1], \"values\": [1], \"type\": \"int8\"}}",
                "expected one of [float, int64]");
        assertRefused("{\"tensor\": {\"shape\": [1], \"values\": [1.5], \"type\": \"int64\"}}", "not an integer");
        assertRefused("{\"tensor\": {\"shape\": [1], \"values\": [1e300]}}", "too large for a float");
        assertRefused("{\"tensor\": {\"shape\": [1], \"values\": [NaN]}}", "not valid JSON");
        assertRefused("{\"tensor\": {\"shape\": [65536, 65536, 65536], \"values\": []}}", "more values");
        assertRefused("{\"tensor\": {\"shape\": [1,1,1,1,1,1,1,1,1], \"values\": [1]}}", "at most 8");
    }

    private static void assertRefused(String body, String expected) {
        BadInputException e = assertThrows(BadInputException.class, () -> RouteRequests.parse(body), body);
        assertTrue(e.getMessage().contains(expected), body + " -> " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
