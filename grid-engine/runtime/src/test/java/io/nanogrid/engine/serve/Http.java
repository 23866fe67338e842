package io.nanogrid.engine.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A real HTTP client (java.net.http, HTTP/1.1 with keep-alive) for the server under test. */
public final class Http {
    private final HttpClient client;
    private final URI base;

    public Http(URI base) {
        this(base, null);
    }

    /** A client that trusts what {@code tls} trusts (null: the JDK's default trust). */
    public Http(URI base, SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        this.client = (tls != null ? b.sslContext(tls) : b).build();
        this.base = base;
    }

    /** An answer: status code, body and headers. */
    public record Answer(int code, String body, HttpHeaders headers) {
        public JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        public String error() {
            return json().get("error").getAsString();
        }

        @Override
        public String toString() {
            return code + " " + body;
        }
    }

    public Answer post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build());
    }

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    public Answer put(String path, Path file) {
        try {
            return send(request(path).PUT(HttpRequest.BodyPublishers.ofFile(file)).build());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Answer put(String path, byte[] body, String... headers) {
        HttpRequest.Builder b = request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public Answer method(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    }

    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    /** {"text": ...} with the text escaped. */
    public static String text(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        return o.toString();
    }
}
