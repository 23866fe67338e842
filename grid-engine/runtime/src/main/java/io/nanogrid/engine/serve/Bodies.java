package io.nanogrid.engine.serve;

import io.nanogrid.engine.bundle.Hashes;
import io.nanogrid.files.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/** Request bodies read with a bound: past it the request is refused (413) without reading the rest. */
final class Bodies {
    /** The body is larger than allowed. */
    static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private Bodies() {
    }

    /** The whole body as UTF-8 text, at most {@code max} bytes. */
    static String text(Call call, long max, String what) throws IOException, TooLargeException {
        checkDeclared(call, max, what);
        byte[] buf = new byte[8192];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = call.exchange().getRequestBody()) {
            copy(in, out, buf, max, what);
        }
        call.bodyRead();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException("the body is not UTF-8 text");
        }
    }

    /** A body saved to a file: its size and the SHA-256 of its bytes (lower-case hex). */
    record Received(long bytes, String sha256) {
    }

    /** Streams the body into {@code file}, at most {@code max} bytes; the file is deleted if that fails. */
    static Received toFile(Call call, Path file, long max, String what) throws IOException, TooLargeException {
        checkDeclared(call, max, what);
        boolean done = false;
        MessageDigest digest = Hashes.sha256();
        try (InputStream in = call.exchange().getRequestBody();
                OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            long n = copy(in, out, new byte[65_536], max, what);
            call.bodyRead();
            done = true;
            return new Received(n, Hashes.hex(digest.digest()));
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void checkDeclared(Call call, long max, String what) throws TooLargeException {
        String declared = call.exchange().getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                long n = Long.parseLong(declared.trim());
                if (n > max) {
                    throw tooLarge(what, n + " bytes", max);
                }
            } catch (NumberFormatException e) {
                // the server refuses malformed lengths itself
            }
        }
    }

    private static long copy(InputStream in, OutputStream out, byte[] buf, long max, String what)
            throws IOException, TooLargeException {
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > max) {
                throw tooLarge(what, "more than " + max + " bytes", max);
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    private static TooLargeException tooLarge(String what, String size, long max) {
        return new TooLargeException(what + " is " + size + "; the limit is " + max + " bytes");
    }
}
