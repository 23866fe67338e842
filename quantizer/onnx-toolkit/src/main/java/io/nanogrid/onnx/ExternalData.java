package io.nanogrid.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * ONNX external data: tensors whose bytes live in a file beside the model (data_location EXTERNAL,
 * with location, offset and length entries). {@link #load} brings them into the model;
 * {@link #save} moves large tensors out into one data file.
 */
public final class ExternalData {
    private ExternalData() {
    }

    /** True when some tensor of the model keeps its bytes in an external file. */
    public static boolean uses(ModelProto model) {
        boolean[] found = {false};
        map(model.toBuilder(), t -> {
            if (isExternal(t)) {
                found[0] = true;
            }
            return t;
        });
        return found[0];
    }

    private static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    /** The model with every external tensor's bytes read in (paths relative to {@code dir}). */
    public static ModelProto load(ModelProto model, Path dir) {
        if (!uses(model)) {
            return model;
        }
        ModelProto.Builder mb = model.toBuilder();
        map(mb, t -> isExternal(t) ? read(t, dir) : t);
        return mb.build();
    }

    private static TensorProto read(TensorProto t, Path dir) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Long.parseLong(e.getValue());
                case "length" -> length = Long.parseLong(e.getValue());
                default -> {
                    // checksum and other keys are not needed to read
                }
            }
        }
        if (location == null) {
            throw new BadInputException("tensor " + t.getName() + ": external data without a location");
        }
        Path file = dir.resolve(location).normalize();
        if (Path.of(location).isAbsolute() || !file.startsWith(dir.normalize())) {
            throw new BadInputException("tensor " + t.getName() + ": external data location '" + location
                    + "' is outside the model's folder");
        }
        long expected = ElementType.fromCode(t.getDataType()).bytesFor(TensorProtos.elements(TensorProtos.dims(t)));
        long n = length >= 0 ? length : expected;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (offset + n > f.length()) {
                throw new BadInputException("tensor " + t.getName() + ": external data " + file + " holds "
                        + f.length() + " bytes, fewer than offset " + offset + " + length " + n);
            }
            byte[] bytes = new byte[Math.toIntExact(n)];
            f.seek(offset);
            f.readFully(bytes);
            return t.toBuilder().clearExternalData().clearDataLocation().setRawData(ByteString.copyFrom(bytes))
                    .build();
        } catch (FileNotFoundException e) {
            throw new BadInputException("tensor " + t.getName() + ": external data file " + file + " not found");
        } catch (IOException e) {
            throw new BadInputException("tensor " + t.getName() + ": cannot read external data " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Moves the raw bytes of tensors of at least {@code threshold} bytes into one data file beside
     * {@code modelFile} and returns the model that refers to it. The file is named after the model
     * and a digest of its content ("model.onnx.1a2b3c4d.data"), so an earlier model's data file is
     * never overwritten; it is written atomically. Returns the data file's path in {@code written[0]}.
     */
    public static ModelProto save(ModelProto model, Path modelFile, long threshold, Path[] written) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ModelProto.Builder mb = model.toBuilder();
        String placeholder = "\u0000location";
        map(mb, t -> {
            if (t.getRawData().size() < threshold) {
                return t;
            }
            while (data.size() % 64 != 0) {
                data.write(0);
            }
            long offset = data.size();
            data.writeBytes(t.getRawData().toByteArray());
            return t.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", placeholder))
                    .addExternalData(entry("offset", Long.toString(offset)))
                    .addExternalData(entry("length", Integer.toString(t.getRawData().size()))).build();
        });
        if (data.size() == 0) {
            written[0] = null;
            return model;
        }
        byte[] bytes = data.toByteArray();
        String name = modelFile.getFileName() + "." + digest(bytes) + ".data";
        Path file = modelFile.toAbsolutePath().resolveSibling(name);
        AtomicFiles.write(file, bytes);
        written[0] = file;
        map(mb, t -> {
            if (!isExternal(t)) {
                return t;
            }
            TensorProto.Builder b = t.toBuilder().clearExternalData();
            for (StringStringEntryProto e : t.getExternalDataList()) {
                b.addExternalData(e.getValue().equals(placeholder) ? entry("location", name) : e);
            }
            return b.build();
        });
        return mb.build();
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    /** Applies {@code f} to every tensor of the model: initializers and tensor attributes, in every graph. */
    static void map(ModelProto.Builder mb, UnaryOperator<TensorProto> f) {
        map(mb.getGraphBuilder(), f);
    }

    private static void map(GraphProto.Builder g, UnaryOperator<TensorProto> f) {
        for (int i = 0; i < g.getInitializerCount(); i++) {
            g.setInitializer(i, f.apply(g.getInitializer(i)));
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto.Builder n = g.getNodeBuilder(i);
            for (int a = 0; a < n.getAttributeCount(); a++) {
                AttributeProto.Builder ab = n.getAttributeBuilder(a);
                if (ab.hasT()) {
                    ab.setT(f.apply(ab.getT()));
                }
                for (int k = 0; k < ab.getTensorsCount(); k++) {
                    ab.setTensors(k, f.apply(ab.getTensors(k)));
                }
                if (ab.hasG()) {
                    map(ab.getGBuilder(), f);
                }
                for (int k = 0; k < ab.getGraphsCount(); k++) {
                    map(ab.getGraphsBuilder(k), f);
                }
            }
        }
    }

    /** Deletes other data files of this model's name ("model.onnx.*.data") once a new one is in place. */
    public static void removeStale(Path modelFile, Path keep) {
        Path dir = modelFile.toAbsolutePath().getParent();
        String prefix = modelFile.getFileName() + ".";
        try (var files = Files.list(dir)) {
            files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".data") && n.length() == prefix.length() + 8 + 5
                        && (keep == null || !p.toAbsolutePath().equals(keep.toAbsolutePath()));
            }).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a stale data file left behind is harmless
                }
            });
        } catch (IOException e) {
            // the folder cannot be listed: nothing to clean
        }
    }
}
