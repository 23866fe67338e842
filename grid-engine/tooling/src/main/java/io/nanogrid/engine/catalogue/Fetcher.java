package io.nanogrid.engine.catalogue;

import io.nanogrid.engine.task.CancelledException;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.IoReasons;
import io.nanogrid.files.StaleTemps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Fetches one catalogue file into the cache: streams it from the mirror folder, the mirror server
 * or the upstream address into a temporary file beside the target, hashing and counting while it
 * streams (never more bytes than the catalogue's size), and renames it into place only when size
 * and sha256 match. On any failure or cancellation the temporary file is deleted.
 */
final class Fetcher {
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    static final String MIRROR_HINT = "pass --mirror DIR|URL (or set " + DataSettings.MIRROR_ENV
            + ") to a folder or server holding the same files, e.g. ../shared/data";

    private static final String PARTIAL = "; the partial download was deleted";

    private final Supplier<HttpClient> makeClient;
    private HttpClient http;

    /**
     * @param makeClient called at the first fetch: building a client loads the JDK's trust store (100 ms or more),
     *                   which a workbench that only shows the catalogue's sizes at start must not pay
     */
    Fetcher(Supplier<HttpClient> makeClient) {
        this.makeClient = makeClient;
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = makeClient.get();
        }
        return http;
    }

    /** A client that follows redirects (raw.githubusercontent.com and mirrors may redirect). */
    static HttpClient defaultClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** Fetches {@code f} of {@code dataset} to {@code target}; returns where it came from. */
    String fetch(String dataset, CatalogueFile f, Mirror mirror, Path target, ByteProgress progress) {
        String source = mirror != null ? mirror.locate(f.path()) : f.url();
        String where = "dataset '" + dataset + "': " + f.path() + " from " + source;
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            StaleTemps.remove(target.getParent(), AtomicFiles.temporaryGlob(target.getFileName().toString(), ".part"));
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            MessageDigest sha = sha256();
            long n;
            try (InputStream in = open(dataset, f, mirror, source); OutputStream out = Files.newOutputStream(tmp)) {
                n = copy(in, out, sha, f, where, progress);
            }
            if (n != f.size()) {
                throw new DownloadException(where + ": got " + n + " bytes, expected " + f.size() + PARTIAL);
            }
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(f.sha256())) {
                throw new DownloadException(where + ": wrong checksum: sha256 " + got + ", expected " + f.sha256()
                        + " (a stale or corrupt copy)" + PARTIAL);
            }
            move(tmp, target);
            tmp = null;
            return source;
        } catch (IOException e) {
            throw new DownloadException(where + ": " + reason(e) + (tmp != null ? PARTIAL : ""), e);
        } catch (DownloadException | CancelledException e) {
            throw e;
        } finally {
            if (tmp != null) {
                deletePartial(tmp);
            }
        }
    }

    /** Deletes a partial download; messages say it was deleted, so a failure to delete is loud. */
    private static void deletePartial(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new DownloadException("cannot delete the partial download " + tmp + ": " + IoReasons.of(e), e);
        }
    }

    private InputStream open(String dataset, CatalogueFile f, Mirror mirror, String source) throws IOException {
        if (mirror instanceof Mirror.Folder folder) {
            try {
                return Files.newInputStream(folder.file(f.path()));
            } catch (NoSuchFileException e) {
                throw new DownloadException("dataset '" + dataset + "': " + f.path() + " is not in the mirror folder "
                        + folder.dir());
            }
        }
        URI uri = mirror instanceof Mirror.Server server ? server.uri(f.path()) : URI.create(f.url());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT)
                .header("User-Agent", "nanogrid").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (IOException e) {
            throw new DownloadException("dataset '" + dataset + "': cannot download " + f.path() + " from " + source
                    + ": " + reason(e) + "; offline? " + MIRROR_HINT, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new DownloadException("dataset '" + dataset + "': " + f.path() + ": HTTP " + response.statusCode()
                    + " from " + source + (response.statusCode() == 404 ? " (not there; " + MIRROR_HINT + ")" : ""));
        }
        return response.body();
    }

    private static long copy(InputStream in, OutputStream out, MessageDigest sha, CatalogueFile f, String where,
            ByteProgress progress) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        int r;
        while ((r = in.read(buf)) != -1) {
            if (n + r > f.size()) {
                throw new DownloadException(where + ": sent more than the expected " + f.size() + " bytes" + PARTIAL);
            }
            sha.update(buf, 0, r);
            out.write(buf, 0, r);
            n += r;
            progress.add(r, f.path());
        }
        return n;
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** A plain reason: the JDK's network exceptions often have no message. */
    static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) {
            return "timed out";
        }
        Throwable t = e;
        while (t != null) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException) {
                return "connection refused or unreachable";
            }
            t = t.getCause();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
