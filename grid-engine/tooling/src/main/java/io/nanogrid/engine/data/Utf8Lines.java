package io.nanogrid.engine.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a file's lines as bytes and decodes each line on its own, so that bytes that are not UTF-8
 * are found on their own line (a Reader decodes ahead of the line being read). Line ends are \n,
 * \r\n and \r, as for {@link java.io.BufferedReader#readLine()}.
 */
final class Utf8Lines implements Closeable {
    private final InputStream in;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    private long number;
    private boolean valid = true;
    private String ending = "";

    Utf8Lines(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /**
     * The next line without its line end, or null at the end of the file. A line that is not valid
     * UTF-8 is returned with U+FFFD in place of the bad bytes, and {@link #valid()} is false.
     */
    String next() throws IOException {
        int i = start;
        boolean ascii = true;
        while (true) {
            while (i < end && buf[i] != '\n' && buf[i] != '\r') {
                ascii &= buf[i] >= 0;
                i++;
            }
            if (i < end && (buf[i] == '\n' || i + 1 < end || eof)) {
                break;
            }
            if (i == end && eof) {
                if (start == end) {
                    return null;
                }
                break;
            }
            i -= fill();
        }
        number++;
        int from = start;
        ending = i == end ? "" : buf[i] == '\n' ? "\n" : i + 1 < end && buf[i + 1] == '\n' ? "\r\n" : "\r";
        start = i + ending.length();
        if (ascii) {
            valid = true;
            return new String(buf, from, i - from, StandardCharsets.ISO_8859_1);
        }
        try {
            valid = true;
            return strict.decode(ByteBuffer.wrap(buf, from, i - from)).toString();
        } catch (CharacterCodingException e) {
            valid = false;
            return new String(buf, from, i - from, StandardCharsets.UTF_8);
        }
    }

    /** Moves the unread bytes to the front, reads more (growing the buffer for a long line); how far they moved. */
    private int fill() throws IOException {
        int moved = start;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
        return moved;
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    long number() {
        return number;
    }

    /** Whether the line {@link #next()} returned last was valid UTF-8. */
    boolean valid() {
        return valid;
    }

    /** The line end that followed the last line: "\n", "\r\n", "\r", or "" at the end of the file. */
    String ending() {
        return ending;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
