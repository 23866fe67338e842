package io.nanogrid.engine.serve;

import io.nanogrid.engine.json.Json;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * PUT /v1/bundle (body: an .ngrid) and PUT /v1/experts/{id} (body: an .onnx). The upload is streamed to
 * a file in the work folder (bounded), then {@link Updates} verifies and swaps it in; a refused upload
 * is a 4xx with one line and leaves what is served untouched; an upload whose SHA-256 is not the one its
 * sender expected ({@link ExpectedSha256}) is refused. With an update token set, both need
 * "Authorization: Bearer TOKEN"; with neither a token nor open updates (loopback only), both are refused (403).
 */
final class UpdateEndpoints {
    private final Updates updates;
    private final UpdateAuth auth;
    private final Deployer deployer;
    private final ServeSettings settings;
    private final ServeMetrics metrics;
    private final BooleanSupplier draining;
    private final PrintWriter log;

    UpdateEndpoints(Updates updates, Deployer deployer, ServeSettings settings, ServeMetrics metrics,
            BooleanSupplier draining, PrintWriter log) {
        this.updates = updates;
        this.auth = new UpdateAuth(settings);
        this.deployer = deployer;
        this.settings = settings;
        this.metrics = metrics;
        this.draining = draining;
        this.log = log;
    }

    void bundle(Call call) throws IOException {
        update(call, "bundle", ".ngrid", null);
    }

    void expert(Call call, String id) throws IOException {
        update(call, "expert", ".onnx", id);
    }

    private void update(Call call, String kind, String suffix, String expert) throws IOException {
        if (!auth.admit(call)) {
            return;
        }
        if (draining.getAsBoolean()) {
            call.error(503, "the server is shutting down");
            return;
        }
        Path upload = deployer.uploadFile(suffix);
        Answer answer;
        try {
            String expected = ExpectedSha256.of(call);
            Bodies.Received received = Bodies.toFile(call, upload, settings.maxUploadBytes(), "the upload");
            ExpectedSha256.check(expected, received.sha256(), "the uploaded " + kind);
            answer = new Answer(200, apply(kind, expert, upload, received.sha256()));
        } catch (Bodies.TooLargeException e) {
            answer = refused(kind, 413, e.getMessage(), "refused");
        } catch (Updates.BusyException e) {
            answer = refused(kind, 409, e.getMessage(), "busy");
        } catch (Updates.UnknownExpertException e) {
            answer = refused(kind, 404, e.getMessage(), "refused");
        } catch (BadInputException | UncheckedIOException e) {
            answer = refused(kind, 400, e.getMessage().replace(upload.toString(), "the uploaded " + kind),
                    "refused");
        } finally {
            // before the answer goes out: a client that looks right after its answer finds no upload left
            Files.deleteIfExists(upload);
        }
        if (answer.code() == 200) {
            call.json(200, answer.body());
        } else {
            call.error(answer.code(), answer.body());
        }
    }

    /** The answer to an update: 200 with the update's JSON, or a refusal's code and message. */
    private record Answer(int code, String body) {
    }

    /** Verifies and swaps in the upload; the JSON of what was done. */
    private String apply(String kind, String expert, Path upload, String sha256) {
        String answer;
        if (expert == null) {
            BundleUpdate u = updates.bundle(upload, sha256);
            answer = Json.report().toJson(u);
            log.printf("nanogrid: now serving generation %d: grid '%s' (%s), sha256 %s, swapped in %.2f s%n",
                    u.generation(), u.grid(), String.join(", ", u.experts()), u.sha256(), u.seconds());
        } else {
            ExpertUpdate u = updates.expert(expert, upload, sha256);
            answer = Json.report().toJson(u);
            log.printf("nanogrid: expert '%s' of generation %d replaced (%d bytes, sha256 %s) in %.2f s%n",
                    u.expert(), u.generation(), u.bytes(), u.sha256(), u.seconds());
        }
        log.flush();
        metrics.update(kind, "ok");
        return answer;
    }

    private Answer refused(String kind, int code, String message, String result) {
        metrics.update(kind, result);
        log.println("nanogrid: " + kind + " update refused (" + code + "): " + message);
        log.flush();
        return new Answer(code, message);
    }
}
