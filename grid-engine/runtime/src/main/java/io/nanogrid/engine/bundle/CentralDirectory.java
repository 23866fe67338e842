package io.nanogrid.engine.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts a zip's central-directory headers, stopping past a limit, before the zip library reads
 * them. Written by hand because neither java.util.zip nor Commons Compress can cap the entry count:
 * both build an object per entry first, so a small archive of millions of empty entries would
 * exhaust memory before any check ran. Only the End of Central Directory record (and its Zip64
 * form) and the fixed part of each header are read; anything unexpected returns "unknown" and the
 * library then reports the damage.
 */
final class CentralDirectory {
    static final long UNKNOWN = -1;
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int HEADER = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;

    private CentralDirectory() {
    }

    /** The number of central-directory headers, {@code max + 1} if there are more than {@code max}, or UNKNOWN. */
    static long count(Path zip, int max) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < EOCD_SIZE) {
                return UNKNOWN;
            }
            int tailLength = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
            ByteBuffer tail = read(ch, size - tailLength, tailLength);
            if (tail == null) {
                return UNKNOWN;
            }
            int eocd = -1;
            for (int i = tailLength - EOCD_SIZE; i >= 0; i--) {
                if (tail.getInt(i) == EOCD) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                return UNKNOWN;
            }
            long start = Integer.toUnsignedLong(tail.getInt(eocd + 16));
            long eocdPos = size - tailLength + eocd;
            if (start == 0xFFFFFFFFL && eocdPos >= 20) {
                ByteBuffer locator = read(ch, eocdPos - 20, 20);
                if (locator == null || locator.getInt(0) != ZIP64_LOCATOR) {
                    return UNKNOWN;
                }
                long zip64 = locator.getLong(8);
                if (zip64 < 0 || zip64 > size - 56) {
                    return UNKNOWN;
                }
                ByteBuffer record = read(ch, zip64, 56);
                if (record == null || record.getInt(0) != ZIP64_EOCD) {
                    return UNKNOWN;
                }
                start = record.getLong(48);
            }
            return walk(ch, start, size, max);
        }
    }

    private static long walk(FileChannel ch, long start, long size, int max) throws IOException {
        long pos = start;
        long count = 0;
        while (pos >= 0 && pos + 46 <= size) {
            ByteBuffer h = read(ch, pos, 46);
            if (h == null || h.getInt(0) != HEADER) {
                break;
            }
            if (++count > max) {
                return count;
            }
            pos += 46L + Short.toUnsignedInt(h.getShort(28)) + Short.toUnsignedInt(h.getShort(30))
                    + Short.toUnsignedInt(h.getShort(32));
        }
        return count;
    }

    /** Exactly {@code length} bytes at {@code at}, or null when the file ends first. */
    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                return null;
            }
        }
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }
}
