package io.nanogrid.engine.bundle;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.engine.decode.OutputDecoders;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import io.nanogrid.onnx.GraphScan;
import io.nanogrid.onnx.OnnxModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads, checks and names the models of a grid being exported. Each model is parsed, loaded in the
 * runtime, and its input adapter and output decoder resolved (from the grid, else the model's
 * metadata, else its signature) and bound. Identical files with the same target bits are stored once.
 */
final class ModelPacker {
    private final ModelLoader loader;
    private final Path base;
    private final BitsProfile profile;
    private final Map<String, String> pathByContent = new HashMap<>();
    private final Set<String> takenLowerCase = new HashSet<>();
    private final Map<String, byte[]> files = new TreeMap<>();
    private final List<BundleModel> models = new ArrayList<>();

    /** A node's model inside the bundle, with its featurizer and decoder written out. */
    record Packed(String path, InputSpec input, OutputSpec output) {
    }

    ModelPacker(ModelLoader loader, Path base, BitsProfile profile) {
        this.loader = loader;
        this.base = base;
        this.profile = profile;
    }

    /**
     * @param given     the grid's input spec, or null
     * @param output    the grid's output spec, or null (for the router: its routes as labels)
     */
    Packed pack(String node, String modelPath, InputSpec given, OutputSpec output) {
        String where = (node.equals(GridSpec.ROUTER_NODE) || node.equals(GridSpec.ENCODER_NODE) ? node
                : "expert '" + node + "'") + " (" + modelPath + ")";
        Path file = base.resolve(modelPath).normalize();
        byte[] bytes = OnnxModels.readBytes(file);
        ModelProto proto = OnnxModels.parse(bytes, file.toString());
        refuseExternalData(proto, where);
        InputSpec in;
        OutputSpec out;
        try (Model m = loader.load(bytes, file.toString())) {
            ModelSignature sig = m.signature();
            in = InputAdapters.resolve(given, sig, where);
            InputAdapters.bind(in, sig, base, where).adapter().close();
            if (in instanceof TokenizerSpec t) {
                in = t.withTokenizer(packFile(node, t.tokenizer(), where));
            }
            out = OutputDecoders.resolve(output, sig, where);
            OutputDecoders.bind(out, sig, where);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // e.g. metadata whose adapter spec has a null in a list: Gson fails in the record's constructor
            throw new BadInputException(where + ": cannot read its adapter or decoder: " + describe(e), e);
        }
        String bits = profile.of(node);
        String sha = Hashes.sha256(bytes);
        String path = pathByContent.get(sha + " " + bits);
        if (path == null) {
            path = name(node);
            pathByContent.put(sha + " " + bits, path);
            files.put(path, bytes);
            models.add(describe(node, path, modelPath, proto, bits));
        }
        return new Packed(path, in, out);
    }

    /** A file an adapter names, stored once per content under files/; its path inside the bundle. */
    private String packFile(String node, String relative, String where) {
        Path file = base.resolve(relative).normalize();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot read " + file + ": " + IoReasons.of(e), e);
        }
        String key = "file " + Hashes.sha256(bytes);
        String path = pathByContent.get(key);
        if (path == null) {
            String name = Path.of(relative).getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
            path = BundleFormat.FILES + node + "-" + name;
            for (int i = 2; !takenLowerCase.add(path.toLowerCase(Locale.ROOT)); i++) {
                path = BundleFormat.FILES + node + "-" + i + "-" + name;
            }
            pathByContent.put(key, path);
            files.put(path, bytes);
        }
        return path;
    }

    /** An unexpected exception as one short line: its own message, else its type. */
    static String describe(RuntimeException e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        m = m.replaceAll("\\s+", " ").replace("io.nanogrid.engine.grid.", "");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    /** models/NODE.onnx, or models/NODE-2.onnx when two ids differ only in case (one file system may fold them). */
    private String name(String node) {
        String path = BundleFormat.MODELS + node + ".onnx";
        for (int i = 2; !takenLowerCase.add(path.toLowerCase(Locale.ROOT)); i++) {
            path = BundleFormat.MODELS + node + "-" + i + ".onnx";
        }
        return path;
    }

    private static BundleModel describe(String node, String path, String source, ModelProto proto, String bits) {
        Map<String, Long> opsets = new TreeMap<>();
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            opsets.put(o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain(), o.getVersion());
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        for (StringStringEntryProto p : proto.getMetadataPropsList()) {
            provenance.put(p.getKey(), p.getValue());
        }
        GraphScan scan = GraphScan.of(proto);
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).trim();
        return new BundleModel(node, path, source, producer, proto.getIrVersion(), opsets, scan.parameters(),
                scan.weightBytes(), bits, MemoryEstimate.of(proto, bits), provenance);
    }

    private static void refuseExternalData(ModelProto proto, String where) {
        for (TensorProto t : proto.getGraph().getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw new BadInputException(where + ": tensor '" + t.getName() + "' keeps its data in an external "
                        + "file; bundles hold self-contained models only");
            }
        }
    }

    /** Every model file by bundle path. */
    Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }

    /** One entry per model file, in the order first used. */
    List<BundleModel> models() {
        return List.copyOf(models);
    }
}
