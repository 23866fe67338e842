package io.nanogrid.engine.inspect;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphScan;
import io.nanogrid.onnx.OnnxModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a model file and reports its interface, operators, weights and metadata, then checks that
 * ONNX Runtime accepts it.
 */
public final class ModelInspector {
    private final ModelLoader loader;

    public ModelInspector(ModelLoader loader) {
        this.loader = loader;
    }

    /** @throws BadInputException when the file is missing, empty or not ONNX */
    public ModelReport inspect(Path file) {
        byte[] bytes = OnnxModels.readBytes(file);
        ModelProto model = OnnxModels.parse(bytes, file.toString());
        String loadError = null;
        try (Model loaded = loader.load(file)) {
            loaded.signature();
        } catch (BadInputException e) {
            loadError = e.getMessage();
        }
        return report(model, file.toString(), bytes.length, loadError);
    }

    /** The report of a parsed model (no runtime check). */
    public static ModelReport report(ModelProto model, String file, long fileBytes, String loadError) {
        GraphProto g = model.getGraph();
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<TensorDesc> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputs.add(describe(v));
            }
        }
        List<TensorDesc> outputs = g.getOutputList().stream().map(ModelInspector::describe).toList();
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            opsets.put(o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain(), o.getVersion());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto p : model.getMetadataPropsList()) {
            metadata.put(p.getKey(), p.getValue());
        }
        GraphScan scan = GraphScan.of(model);
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return new ModelReport(file, fileBytes, inputs, outputs, model.getIrVersion(), producer, opsets, scan.ops(),
                scan.parameters(), scan.weightBytes(), metadata, scan.weights(), loadError);
    }

    static TensorDesc describe(ValueInfoProto v) {
        TypeProto t = v.getType();
        if (t.hasTensorType()) {
            List<Dim> dims = new ArrayList<>();
            for (TensorShapeProto.Dimension d : t.getTensorType().getShape().getDimList()) {
                dims.add(d.hasDimValue() ? Dim.fixed(d.getDimValue()) : Dim.symbolic(d.getDimParam()));
            }
            return new TensorDesc(v.getName(), TensorDesc.Kind.TENSOR,
                    ElementType.fromCode(t.getTensorType().getElemType()), dims);
        }
        if (t.hasSequenceType()) {
            return new TensorDesc(v.getName(), TensorDesc.Kind.SEQUENCE, null, List.of());
        }
        if (t.hasMapType()) {
            return new TensorDesc(v.getName(), TensorDesc.Kind.MAP,
                    ElementType.fromCode(t.getMapType().getKeyType()), List.of());
        }
        return new TensorDesc(v.getName(), TensorDesc.Kind.OTHER, null, List.of());
    }
}
