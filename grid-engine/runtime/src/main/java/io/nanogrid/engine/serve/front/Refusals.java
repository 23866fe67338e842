package io.nanogrid.engine.serve.front;

import io.nanogrid.engine.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The guard's own answers, in the form every refusal of the API has: {"error": "one line"}, then close. */
final class Refusals {
    private Refusals() {
    }

    static byte[] answer(int code, String message) {
        byte[] body = (Json.report().toJson(Map.of("error", message)) + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + code + " " + reason(code) + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (code == 503 ? "Retry-After: 1\r\n" : "")
                + "Connection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    static String reason(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
