package io.nanogrid.engine.model;

import io.nanogrid.files.BadInputException;
import io.nanogrid.files.DataFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy .npy files (format versions 1-3, C order): float32/64 to float, int8-64, uint8-32 and
 * bool to int64, and little-endian unicode strings (labels). No Java library on Maven Central reads
 * .npy without pulling in a numerics stack, and the format is a short header plus raw data.
 */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static Value read(Path file) {
        DataFiles.requireFile(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw DataFiles.unreadable(file, e);
        }
        return parse(bytes, file.toString());
    }

    public static Value parse(byte[] bytes, String source) {
        if (bytes.length < 10 || (bytes[0] & 0xFF) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII)
                .equals("NUMPY")) {
            throw new BadInputException(source + ": not a .npy file (no \\x93NUMPY magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLen = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLen;
        if (headerLen < 0 || dataStart > bytes.length) {
            throw new BadInputException(source + ": truncated .npy header");
        }
        String header = new String(bytes, major == 1 ? 10 : 12, headerLen,
                major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr", source);
        if (group(FORTRAN, header, "fortran_order", source).equals("True")) {
            throw new BadInputException(source + ": Fortran-order arrays are not supported; save with C order");
        }
        long[] shape = Arrays.stream(group(SHAPE, header, "shape", source).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice();
        data.order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        String kind = descr.substring(1);
        int n = Math.toIntExact(count);
        int width = kind.length() > 1 ? Integer.parseInt(kind.substring(1)) : 1;
        long need = kind.charAt(0) == 'U' ? (long) n * width * 4 : (long) n * width;
        if (data.remaining() < need) {
            throw new BadInputException(source + ": the data is truncated (" + data.remaining() + " bytes for "
                    + need + ")");
        }
        switch (kind) {
            case "f4", "f8" -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = kind.equals("f4") ? data.getFloat() : (float) data.getDouble();
                }
                return new FloatTensor(shape, v);
            }
            case "i1", "u1", "b1", "i2", "u2", "i4", "u4", "i8" -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (kind) {
                        case "i1" -> data.get();
                        case "u1", "b1" -> data.get() & 0xFF;
                        case "i2" -> data.getShort();
                        case "u2" -> data.getShort() & 0xFFFF;
                        case "i4" -> data.getInt();
                        case "u4" -> data.getInt() & 0xFFFF_FFFFL;
                        default -> data.getLong();
                    };
                }
                return new LongTensor(shape, v);
            }
            default -> {
                if (kind.charAt(0) == 'U') {
                    String[] v = new String[n];
                    int[] cps = new int[width];
                    for (int i = 0; i < n; i++) {
                        int len = 0;
                        for (int k = 0; k < width; k++) {
                            int cp = data.getInt();
                            if (cp != 0) {
                                cps[len++] = cp;
                            }
                        }
                        v[i] = new String(cps, 0, len);
                    }
                    return new StringTensor(shape, v);
                }
                throw new BadInputException(source + ": unsupported dtype '" + descr
                        + "'; expected float32/64, int8-64, uint8-32, bool or unicode strings");
            }
        }
    }

    private static String group(Pattern p, String header, String what, String source) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new BadInputException(source + ": .npy header has no " + what);
        }
        return m.group(1);
    }
}
