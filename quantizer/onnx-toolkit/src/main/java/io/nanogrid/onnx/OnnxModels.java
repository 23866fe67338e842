package io.nanogrid.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes ONNX model files (the protobuf ModelProto), with plain errors that name the file. */
public final class OnnxModels {
    private OnnxModels() {
    }

    /** Refuses missing, empty and directory paths with a message that names the file. */
    public static void checkFile(Path path) {
        if (Files.isDirectory(path)) {
            throw new BadInputException("cannot read model " + path + ": it is a directory, not an .onnx file");
        }
        if (!Files.exists(path)) {
            throw new BadInputException("cannot read model " + path + ": file not found");
        }
        try {
            if (Files.size(path) == 0) {
                throw new BadInputException("cannot read model " + path + ": the file is empty");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read model " + path + ": " + IoReasons.of(e), e);
        }
    }

    /** Reads the file's bytes, refusing missing, empty and directory paths with a clear message. */
    public static byte[] readBytes(Path path) {
        checkFile(path);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new BadInputException("cannot read model " + path + ": " + IoReasons.of(e), e);
        }
    }

    /** Reads and parses an ONNX model file. */
    public static ModelProto read(Path path) {
        return parse(readBytes(path), path.toString());
    }

    /** Parses ONNX model bytes; {@code source} names them in error messages. */
    public static ModelProto parse(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new BadInputException("cannot read model " + source + ": the file is empty");
        }
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException("cannot read model " + source
                    + ": not a valid ONNX file (truncated or corrupt protobuf: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read model " + source + ": " + IoReasons.of(e), e);
        }
        if (model.getIrVersion() <= 0 || !model.hasGraph()) {
            throw new BadInputException("cannot read model " + source
                    + ": not an ONNX model (no ir_version or no graph)");
        }
        if (model.getGraph().getNodeCount() == 0 && model.getGraph().getOutputCount() == 0) {
            throw new BadInputException("cannot read model " + source + ": the graph is empty");
        }
        return model;
    }

    /** Writes the model atomically (temporary file, then rename). */
    public static void write(ModelProto model, Path target) {
        AtomicFiles.write(target, model::writeTo);
    }
}
